/**
 * A pseudo-terminal pair made by `socat` for `xcom simulate --serial` without a path: the
 * simulator holds one end, the client opens the other, as with a null-modem cable.
 * @module
 */
import { spawn } from 'node:child_process';
import { CommandError } from './command.js';
import { EXIT } from './exit-codes.js';

/** A running socat and the two ends of its pair. */
export interface PtyPair {
  /** The end the simulator opens. */
  readonly device: string;
  /** The end the client opens. */
  readonly client: string;
  /** Ends socat (the ptys vanish) and waits for it. */
  close(): Promise<void>;
}

const NO_SOCAT =
  '--serial without a path makes a pty pair with socat, which is not installed (Debian, Ubuntu: apt install socat); or give --serial the path of one end of a pair';

/** Starts `socat -d -d pty,rawer pty,rawer` and resolves once it relays between the two ptys. */
export function openPtyPair(command = 'socat'): Promise<PtyPair> {
  // Not detached: Ctrl+C in a terminal reaches socat too, and a pair never outlives a session.
  const child = spawn(command, ['-d', '-d', 'pty,rawer', 'pty,rawer'], { stdio: ['ignore', 'ignore', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  let log = '';
  return new Promise<PtyPair>((resolve, reject) => {
    const fail = (error: Error): void => {
      child.stderr.off('data', onData);
      reject(error);
    };
    const onData = (chunk: Buffer): void => {
      log += chunk.toString();
      const ends = [...log.matchAll(/PTY is (\S+)/g)].map((m) => m[1] as string);
      const [device, client] = ends;
      if (device === undefined || client === undefined || !log.includes('starting data transfer loop')) return;
      child.stderr.off('data', onData);
      child.off('close', onEarlyExit);
      child.stderr.resume(); // its later notices are not read
      resolve({
        device,
        client,
        close: async () => {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
          await exited;
        },
      });
    };
    const onEarlyExit = (code: number | null): void => {
      fail(new CommandError(`socat ended (exit code ${String(code)}) before making the pty pair: ${log.trim().split('\n').at(-1) ?? ''}`, EXIT.FAILURE));
    };
    child.once('error', (error: NodeJS.ErrnoException) => {
      fail(error.code === 'ENOENT' ? new CommandError(NO_SOCAT, EXIT.FAILURE) : error);
    });
    child.once('close', onEarlyExit);
    child.stderr.on('data', onData);
  });
}
