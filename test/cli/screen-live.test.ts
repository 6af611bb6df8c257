// xcom screen --live on a scripted terminal, in process: what it draws at each size, the keys,
// the periodic refresh (fake timers), errors in the status line, and the terminal restored
// however the view ends. test/cli/screen-tmux.test.ts drives the real executable in tmux.
import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CliTerminal } from '../../src/cli/io.js';
import { terminalOf } from '../../src/cli/process-terminal.js';
import { liveLines, runLiveScreen } from '../../src/cli/screen-live.js';
import { brailleLines, halfBlockLines } from '../../src/cli/screen-text.js';
import { parseKeys } from '../../src/cli/terminal-keys.js';
import { RccScreen } from '../../src/protocol/rcc-screen.js';
import { type SimRig, simRig } from '../client/sim-rig.js';

class ScriptedTerminal implements CliTerminal {
  columns = 140;
  rows = 40;
  output = '';
  raw = false;
  private keys: ((keys: string) => void) | undefined;
  private resized: (() => void) | undefined;

  write(text: string): void {
    this.output += text;
  }
  readKeys(listener: (keys: string) => void): () => void {
    this.keys = listener;
    this.raw = true;
    return () => {
      this.keys = undefined;
      this.raw = false;
    };
  }
  onResize(listener: () => void): () => void {
    this.resized = listener;
    return () => (this.resized = undefined);
  }
  type(keys: string): void {
    this.keys?.(keys);
  }
  resize(columns: number, rows: number): void {
    this.columns = columns;
    this.rows = rows;
    this.resized?.();
  }
  /** The lines of the last frame drawn. */
  frame(): string[] {
    const start = this.output.lastIndexOf('\u001b[H');
    const end = this.output.indexOf('\u001b[J', start);
    return this.output.slice(start + 3, end).split('\u001b[K\r\n').map((line) => line.replace('\u001b[K', ''));
  }
}

const screenOf = (r: SimRig): RccScreen => new RccScreen(r.sim.installation.display.bitmap(), 'raw');

describe('the live view', () => {
  let r: SimRig | undefined;
  afterEach(async () => {
    vi.useRealTimers();
    await r?.close();
  });

  async function start(terminal: ScriptedTerminal, everyMs = 3_600_000) {
    r = await simRig();
    const rig = r;
    const stop = new AbortController();
    const first = await rig.client.readScreen();
    const done = runLiveScreen(rig.client, terminal, first, { everyMs, signal: stop.signal, clock: () => new Date(2025, 5, 21, 12, 0, 0) });
    return { rig, stop, done };
  }

  it('draws the display in half blocks, and the arrows, Enter and Esc press the RCC keys', async () => {
    const t = new ScriptedTerminal();
    const { rig, done } = await start(t);
    expect(t.output.startsWith('\u001b[?1049h\u001b[?25l')).toBe(true);
    expect(t.raw).toBe(true);
    expect(t.frame().slice(0, 32)).toEqual(halfBlockLines(screenOf(rig)));
    expect(t.frame()[32]).toBe('RCC 12:00:00  ↑ ↓ Esc Enter: keys  q: quit');
    const display = rig.sim.installation.display;
    for (const [keys, state] of [
      ['\u001b[B', { page: 'battery', list: false }],
      ['\r', { page: 'battery', list: true }],
      ['\u001b[B', { page: 'battery', list: true, cursor: 1 }],
      ['\u001b', { page: 'battery', list: false }],
      ['\u001bOA\u001bOA', { page: 'system', list: false }],
    ] as const) {
      t.type(keys);
      await vi.waitFor(() => expect(display.state).toMatchObject(state), { timeout: 5000 });
      await vi.waitFor(() => expect(t.frame().slice(0, 32)).toEqual(halfBlockLines(screenOf(rig))), { timeout: 5000 });
    }
    t.type('q');
    expect(await done).toBe(0);
    expect(t.output.endsWith('\u001b[?25h\u001b[?1049l')).toBe(true);
    expect(t.raw).toBe(false);
  });

  it('uses Braille dots in a smaller terminal, and says how much room it needs in a tiny one', async () => {
    const t = new ScriptedTerminal();
    t.columns = 80;
    t.rows = 24;
    const { rig, done } = await start(t);
    expect(t.frame().slice(0, 16)).toEqual(brailleLines(screenOf(rig)));
    expect(t.frame()).toHaveLength(17);
    t.resize(40, 10);
    expect(t.frame()[0]).toBe('This terminal is 40 × 10: the RCC displa');
    expect(t.frame().join('\n')).toMatch(/q to quit/);
    expect(t.output).toMatch(/\u001b\[2J\u001b\[H[^\u001b]*This terminal/);
    t.resize(128, 33);
    expect(t.frame().slice(0, 32)).toEqual(halfBlockLines(screenOf(rig)));
    t.type('\u0003');
    expect(await done).toBe(130);
    expect(t.raw).toBe(false);
  });

  it('reads the display again every period (fake timers), one read at a time', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const t = new ScriptedTerminal();
    const { rig, stop, done } = await start(t, 1000);
    const reads = rig.sim.requests.size;
    rig.clock.advance(3 * 3_600_000); // the values, and so the picture, change
    await vi.advanceTimersByTimeAsync(999);
    expect(rig.sim.requests.size).toBe(reads);
    await vi.advanceTimersByTimeAsync(1);
    expect(rig.sim.requests.size).toBe(reads + 1);
    expect(t.frame().slice(0, 32)).toEqual(halfBlockLines(screenOf(rig)));
    await vi.advanceTimersByTimeAsync(3000);
    expect(rig.sim.requests.size).toBe(reads + 4);
    stop.abort();
    expect(await done).toBe(0);
    await vi.advanceTimersByTimeAsync(5000);
    expect(rig.sim.requests.size).toBe(reads + 4);
    expect(t.raw).toBe(false);
  });

  it('shows a failed read in the status line and goes on', async () => {
    const t = new ScriptedTerminal();
    const { rig, done } = await start(t);
    rig.sim.installation.unplug(501);
    t.type('\u001b[B');
    await vi.waitFor(() => expect(t.frame()[32]).toMatch(/^RCC 12:00:00  .*DEVICE_NOT_FOUND/), { timeout: 5000 });
    rig.sim.installation.plug(501);
    t.type('\u001b[B');
    await vi.waitFor(() => expect(t.frame()[32]).toMatch(/q: quit$/), { timeout: 5000 });
    expect(rig.sim.installation.display.state.page).toBe('battery');
    t.type('Q');
    expect(await done).toBe(0);
  });
});

describe('live view helpers', () => {
  it('reads the arrows (CSI and SS3), Esc, Enter, q and Ctrl+C, and skips other keys', () => {
    expect(parseKeys('\u001b[A\u001b[B\u001bOA\u001bOB')).toEqual(['up', 'down', 'up', 'down']);
    expect(parseKeys('\u001b')).toEqual(['esc']);
    expect(parseKeys('\u001b\u001b[A')).toEqual(['esc', 'up']);
    expect(parseKeys('\r\n')).toEqual(['set', 'set']);
    expect(parseKeys('xq\u0003')).toEqual(['quit', 'interrupt']);
    expect(parseKeys('\u001b[C\u001b[1;5A\u001b[15~a')).toEqual(['up']);
  });

  it('picks the view by the room there is', () => {
    const screen = new RccScreen(new Uint8Array(1024).fill(0xff), 'raw');
    expect(liveLines(screen, 128, 33)).toEqual(Array(32).fill('█'.repeat(128)));
    expect(liveLines(screen, 127, 33)).toEqual(Array(16).fill('⣿'.repeat(64)));
    expect(liveLines(screen, 200, 32)).toHaveLength(16);
    expect(liveLines(screen, 63, 40)[0]).toMatch(/^This terminal is 63 × 40/);
    expect(liveLines(screen, 64, 16)[0]).toMatch(/^This terminal is 64 × 16/);
  });
});

describe('the process terminal', () => {
  class FakeInput extends EventEmitter {
    isTTY = true;
    raw: boolean[] = [];
    flowing = false;
    setRawMode(raw: boolean): void {
      this.raw.push(raw);
    }
    resume(): void {
      this.flowing = true;
    }
    pause(): void {
      this.flowing = false;
    }
  }
  class FakeOutput extends EventEmitter {
    isTTY = true;
    columns = 100;
    rows = 30;
    written = '';
    write(text: string): void {
      this.written += text;
    }
  }

  it('exists only when standard input and output are both terminals', () => {
    expect(terminalOf(Object.assign(new FakeInput(), { isTTY: false }), new FakeOutput())).toBeUndefined();
    expect(terminalOf(new FakeInput(), Object.assign(new FakeOutput(), { isTTY: undefined }))).toBeUndefined();
  });

  it('reads keys raw until told to stop, then restores the mode; follows the size', () => {
    const input = new FakeInput();
    const output = new FakeOutput();
    const terminal = terminalOf(input, output);
    if (terminal === undefined) throw new Error('no terminal');
    const keys: string[] = [];
    const stop = terminal.readKeys((k) => keys.push(k));
    expect([input.raw, input.flowing]).toEqual([[true], true]);
    input.emit('data', Buffer.from('\u001b[Aq'));
    stop();
    input.emit('data', Buffer.from('x'));
    expect(keys).toEqual(['\u001b[Aq']);
    expect([input.raw, input.flowing]).toEqual([[true, false], false]);
    let resized = 0;
    const stopResize = terminal.onResize(() => resized++);
    output.columns = 60;
    output.emit('resize');
    stopResize();
    output.emit('resize');
    expect([resized, terminal.columns, terminal.rows]).toEqual([1, 60, 30]);
    terminal.write('\u001b[H');
    expect(output.written).toBe('\u001b[H');
  });
});
