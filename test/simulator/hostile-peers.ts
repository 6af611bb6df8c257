// Peers for the hostile-peer tests and `npm run bench:flood`: `xcom simulate` as a child
// process, a flooder that never reads, and a genuine client that times its reads. Loopback only.
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { FrameDecoder } from '../../src/protocol/frame-decoder.js';
import { decodeMessage, encodeRequest } from '../../src/protocol/service.js';
import { spawnBounded } from '../child-processes.js';
import { readInfo } from './helpers.js';

const LOOPBACK = '127.0.0.1';

/** A read of the battery voltage (info 3000 of Xtender 1): 26 bytes. */
export const REQUEST = encodeRequest(readInfo(101, 3000));

/** What `xcom simulate` printed on stderr at exit: `stats {...}`. */
export interface SimulatorStats {
  readonly endpoints: Record<string, Record<string, number>>;
  readonly maxRssMB: number;
  readonly cpuSeconds: number;
}

/** `xcom simulate --tcp-listen 0 …` running as a child process. */
export interface SimulatorProcess {
  readonly child: ChildProcess;
  /** The port it listens on. */
  readonly port: number;
  /** Everything it printed on stderr so far. */
  stderr(): string;
  /** Resident memory now, MB (`/proc/<pid>/status`); NaN once it has exited. */
  rssMB(): number;
  /** Resolves with the exit code once it has exited. */
  readonly exited: Promise<number | null>;
  /** The stats line it printed at exit (after {@link exited}). */
  stats(): SimulatorStats;
}

/** Starts `node <cli> simulate --tcp-listen 0 ...args` and resolves once it listens. */
export async function startSimulatorProcess(cli: string, args: readonly string[] = []): Promise<SimulatorProcess> {
  const child = spawnBounded(process.execPath, [cli, 'simulate', '--tcp-listen', '0', '--seed', '1', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    deadlineMs: 2 * 60_000,
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const port = await new Promise<number>((resolve, reject) => {
    const look = (): void => {
      const match = /tcp:\/\/127\.0\.0\.1:(\d+)/.exec(stdout);
      if (match !== null) {
        child.stdout?.off('data', look);
        resolve(Number(match[1]));
      }
    };
    child.stdout?.on('data', look);
    void exited.then((code) => reject(new Error(`xcom simulate exited (${code}) before listening: ${stderr}`)));
  });
  return {
    child,
    port,
    stderr: () => stderr,
    rssMB: () => {
      try {
        const kB = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1];
        return kB === undefined ? Number.NaN : Number(kB) / 1024;
      } catch {
        return Number.NaN;
      }
    },
    exited,
    stats: () => {
      const line = stderr.split('\n').find((l) => l.startsWith('stats '));
      if (line === undefined) throw new Error(`no stats line on stderr: ${stderr}`);
      return JSON.parse(line.slice('stats '.length)) as SimulatorStats;
    },
  };
}

/** A peer that writes requests as fast as the simulator takes them and never reads a reply. */
export class Flooder {
  /** Bytes handed to the system so far. */
  written = 0;
  private readonly socket: Socket;
  private stopped = false;
  private readonly block: Buffer;

  /** @param port where the simulator listens */
  constructor(port: number) {
    this.socket = connect(port, LOOPBACK);
    this.socket.on('error', () => undefined);
    // Never read: the simulator's replies pile up on its side of the connection.
    this.socket.pause();
    this.block = Buffer.concat(Array.from({ length: 2500 }, () => REQUEST));
  }

  /** Writes `limit` bytes (a whole number of requests) or until {@link stop}; resolves once the system took the last. */
  flood(limit: number): Promise<void> {
    return new Promise((resolve) => {
      const pump = (): void => {
        while (!this.stopped && this.written < limit) {
          const chunk = this.block.subarray(0, Math.min(this.block.length, limit - this.written));
          this.written += chunk.length;
          const last = this.written >= limit;
          const more = this.socket.write(chunk, last ? () => resolve() : undefined);
          if (last) return;
          if (!more) {
            this.socket.once('drain', pump);
            return;
          }
        }
        resolve();
      };
      if (this.socket.connecting) this.socket.once('connect', pump);
      else pump();
    });
  }

  /**
   * Stops flooding, ends the connection and reads to its end, so that it resolves once the
   * simulator has read every byte sent and closed its side.
   */
  leave(): Promise<void> {
    this.stopped = true;
    return new Promise((resolve) => {
      this.socket.once('close', () => resolve());
      this.socket.end();
      this.socket.resume();
    });
  }

  /** Stops flooding and closes at once. */
  stop(): void {
    this.stopped = true;
    this.socket.destroy();
  }
}

/** A client that reads the battery voltage one request at a time, as a poller does. */
export class GenuineClient {
  private readonly socket: Socket;
  private readonly decoder = new FrameDecoder();
  private waiting: (() => void) | undefined;
  private readonly ready: Promise<void>;

  /** @param port where the simulator listens */
  constructor(port: number) {
    this.socket = connect(port, LOOPBACK);
    this.socket.on('error', () => undefined);
    this.ready = new Promise((resolve) => this.socket.once('connect', () => resolve()));
    this.socket.on('data', (chunk: Buffer) => {
      for (const frame of this.decoder.push(chunk)) {
        const reply = decodeMessage(frame);
        if (reply.isResponse && reply.objectId === 3000) this.waiting?.();
      }
    });
  }

  /** One read; resolves with its latency in ms, or `undefined` when no reply came within `timeoutMs`. */
  async read(timeoutMs = 2000): Promise<number | undefined> {
    await this.ready;
    const start = performance.now();
    const answered = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      this.waiting = () => {
        clearTimeout(timer);
        resolve(true);
      };
      this.socket.write(REQUEST);
    });
    this.waiting = undefined;
    return answered ? performance.now() - start : undefined;
  }

  /** Closes the connection. */
  close(): void {
    this.socket.destroy();
  }
}

/** Samples `sample()` every `everyMs` until stopped; `max()` is the largest finite sample. */
export function sampler(sample: () => number, everyMs = 50): { max(): number; stop(): void } {
  let max = 0;
  const take = (): void => {
    const value = sample();
    if (Number.isFinite(value) && value > max) max = value;
  };
  take();
  const timer = setInterval(take, everyMs);
  return {
    max: () => max,
    stop: () => {
      take();
      clearInterval(timer);
    },
  };
}
