// The command skeleton, in process: what every command gets without writing it (help with the
// shared options, stop on Ctrl+C / SIGTERM / closed stdout with 130 / 143 / 141, one line per
// failure), and the table of connection options.
import { createSocket } from 'node:dgram';
import { describe, expect, it } from 'vitest';
import { withOptionalValues } from '../../src/cli/args.js';
import { CommandError, type CommandSpec, type ConnectionUse, UsageError } from '../../src/cli/command.js';
import { COMMANDS } from '../../src/cli/commands.js';
import { CONNECTION_OPTIONS } from '../../src/cli/connection-options.js';
import { defineCommand } from '../../src/cli/define-command.js';
import type { CliIo, StopReason } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/run.js';
import { freeUdpPort } from './harness.js';

/** A console that records, and whose `stop(reason)` plays Ctrl+C, SIGTERM or a closed stdout. */
function fakeIo(env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const listeners = new Set<(reason: StopReason) => void>();
  const io: CliIo = {
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    onStop: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    env,
  };
  return { io, out, err, listeners, stop: (reason: StopReason) => [...listeners].forEach((l) => l(reason)) };
}

function command(run: CommandSpec<{ extra: { type: 'string' } }>['run'], connection: ConnectionUse = 'use') {
  return defineCommand({
    name: 'demo',
    synopsis: 'xcom demo [--extra X] [options]',
    description: 'A command for the tests.',
    options: { extra: { type: 'string' } },
    optionHelp: ['  --extra X       something of its own'],
    examples: ['xcom demo --extra 1'],
    connection,
    run,
  });
}

describe('help', () => {
  it('lists the command’s options, then every connection option when it connects, aligned', async () => {
    const t = fakeIo();
    expect(await command(async () => 0).run(['--help'], t.io)).toBe(0);
    const text = t.out.join('\n');
    expect(text).toMatch(/^Usage: xcom demo \[--extra X\] \[options\]\n\nA command for the tests\.\n\nOptions:\n {2}--extra X {7}something of its own\n/);
    for (const option of Object.values(CONNECTION_OPTIONS)) expect(text).toContain(`\n  ${option.flag.padEnd(16)}${option.help[0] ?? ''}\n`);
    expect(text).toMatch(/\n {2}-h, --help {6}show this help\n\nExamples:\n {2}xcom demo --extra 1$/);
    const offline = fakeIo();
    await command(async () => 0, 'accept').run(['-h'], offline.io);
    expect(offline.out.join('\n')).not.toContain('--url');
  });

  it('every command that connects lists every connection option, and xcom --help too', async () => {
    for (const name of ['get', 'set', 'watch', 'read_property', 'write_property']) {
      const usage = (await COMMANDS.find((c) => c.name === name)?.load())?.usage ?? '';
      for (const option of Object.values(CONNECTION_OPTIONS)) expect(usage, name).toContain(`  ${option.flag} `);
    }
    const t = fakeIo();
    await runCli(['--help'], t.io);
    for (const option of Object.values(CONNECTION_OPTIONS)) expect(t.out.join('\n')).toContain(`  ${option.flag} `);
  });
});

describe('parsing', () => {
  it('gives the command its options, the global ones, --verb and --json', async () => {
    const t = fakeIo();
    let seen: unknown;
    const code = await command(async (c) => {
      seen = { extra: c.values.extra, verb: c.verb, json: c.json, positionals: c.positionals, url: c.connection().url, timeout: c.connection().client.timeoutMs };
    }).run(['a', '--extra', '-4', '--verb', '1', '--json', '--url', 'udp://127.0.0.1', '--timeout', '3s', 'b'], t.io);
    expect(code).toBe(0);
    expect(seen).toEqual({ extra: '-4', verb: 1, json: true, positionals: ['a', 'b'], url: 'udp://127.0.0.1', timeout: 3000 });
  });

  it('refuses the connection options where a command takes none', async () => {
    const t = fakeIo();
    expect(await command(async () => 0, 'none').run(['--port', '/dev/ttyUSB0'], t.io)).toBe(2);
    expect(t.err).toEqual(["xcom demo: Unknown option '--port' (xcom demo --help)"]);
  });

  it('lets an option named in optionalValues come without its value', () => {
    expect(withOptionalValues(['--serial'], ['serial'])).toEqual(['--serial=']);
    expect(withOptionalValues(['--serial', '--seed', '2'], ['serial'])).toEqual(['--serial=', '--seed', '2']);
    expect(withOptionalValues(['--serial', '/dev/pts/3'], ['serial'])).toEqual(['--serial', '/dev/pts/3']);
    expect(withOptionalValues(['--serial=/x', '--other'], ['serial'])).toEqual(['--serial=/x', '--other']);
  });
});

describe('exit codes', () => {
  it('a failure is one line and its code: usage 2, a command error its own, anything else 1', async () => {
    const cases: [unknown, number, string][] = [
      [new UsageError('bad', { seeHelp: true }), 2, 'xcom demo: bad (xcom demo --help)'],
      [new CommandError('socat is missing', 1), 1, 'xcom demo: socat is missing'],
      [new Error('boom'), 1, 'xcom demo: internal error: boom'],
    ];
    for (const [error, code, line] of cases) {
      const t = fakeIo();
      expect(await command(async () => Promise.reject(error)).run([], t.io)).toBe(code);
      expect(t.err).toEqual([line]);
    }
  });

  for (const [reason, code] of [['SIGINT', 130], ['SIGTERM', 143], ['EPIPE', 141]] as const) {
    it(`${reason} aborts the command's signal and ends it with ${code}, whatever it returns or throws`, async () => {
      const quiet = fakeIo();
      const running = command(async ({ untilStopped }) => {
        await untilStopped();
        return 0;
      }).run([], quiet.io);
      quiet.stop(reason);
      expect(await running).toBe(code);
      const throwing = fakeIo();
      const failing = command(async ({ signal }) => {
        await new Promise((resolve) => signal.addEventListener('abort', resolve));
        throw new Error('cut off');
      }).run([], throwing.io);
      throwing.stop(reason);
      expect(await failing).toBe(code);
      expect([...quiet.err, ...throwing.err]).toEqual([]);
    });
  }

  it('stops listening for signals once the command ends', async () => {
    const t = fakeIo();
    await command(async () => 0).run([], t.io);
    expect(t.listeners.size).toBe(0);
  });

  it('Ctrl+C closes the client under a request in flight: 130 at once, no error line', async () => {
    // A peer that never answers: Ctrl+C comes once the request reached it, while the command
    // waits for its reply (--verb 3 shows the frame).
    const peer = createSocket('udp4');
    await new Promise<void>((resolve) => peer.bind(0, '127.0.0.1', resolve));
    const silent = `udp://127.0.0.1:${peer.address().port}?localPort=${await freeUdpPort()}`;
    const t = fakeIo();
    peer.once('message', () => t.stop('SIGINT'));
    const code = await runCli(['get', '3000', '--url', silent, '--timeout', '60s', '--verb', '3'], t.io).finally(() => peer.close());
    expect(code).toBe(130);
    expect(t.err).toEqual([expect.stringMatching(/^> aa /)]);
    expect(t.out).toEqual([]);
  });

  it('a command stopped before it connects never opens a client', async () => {
    const t = fakeIo();
    let opened = false;
    const code = await command(async ({ withClient }) => {
      t.stop('SIGINT');
      await withClient(async () => {
        opened = true;
      });
    }).run(['--url', 'udp://127.0.0.1:9'], t.io);
    expect({ code, opened, err: t.err }).toEqual({ code: 130, opened: false, err: [] });
  });
});
