// The screen over every real link, in both forms the gateway may send: the 1050-byte raw frame
// (beyond the spec's 240-byte limit) and the run-length one. The PNG of what the client read,
// decoded by a reference decoder (pngjs), must show the simulator's display pixel for pixel.
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RccScreen } from '../../src/protocol/index.js';
import type { ScreenAnswer } from '../../src/simulator/screen-object.js';
import { WITHOUT_SOCAT } from '../transport/socat.js';
import { type Link, type LinkKind, openLink } from './links.js';

const KINDS: LinkKind[] = ['udp', 'tcp', 'tcp-listen', 'serial'];
const on = (rows: Uint8Array, x: number, y: number): boolean => ((rows[y * 16 + (x >> 3)] as number) & (0x80 >> (x & 7))) !== 0;

/** Pixels where the PNG of `screen` differs from `rows`, as "x,y" (none expected). */
function pngDifferences(screen: RccScreen, rows: Uint8Array): string[] {
  const image = PNG.sync.read(Buffer.from(screen.toPNG()));
  expect([image.width, image.height]).toEqual([128, 64]);
  const out: string[] = [];
  for (let y = 0; y < 64; y++) {
    for (let x = 0; x < 128; x++) {
      const black = image.data[(y * 128 + x) * 4] === 0;
      if (black !== on(rows, x, y)) out.push(`${x},${y}`);
    }
  }
  return out;
}

for (const kind of KINDS) {
  for (const encoding of ['raw', 'rle'] as const satisfies readonly ScreenAnswer[]) {
    describe.skipIf(kind === 'serial' && WITHOUT_SOCAT)(`the screen over ${kind}, ${encoding}`, () => {
      let l: Link;
      beforeAll(async () => {
        // Generous: a loaded machine may hold a 1 KB reply over a pty for a while, and a retried
        // key press would press it twice. For the same reason the serial link waits 500 ms, not
        // 20, before it drops a partial frame as a false start: the split reply's pieces come
        // 3 ms apart, but a loaded machine can hold one back longer than 20 ms.
        l = await openLink(kind, { screen: encoding }, { timeoutMs: 5000, retries: 1 }, { interByteTimeoutMs: 500 });
      });
      afterAll(async () => {
        await l?.close();
      });

      it('reads the display, presses keys, and the PNG shows what the simulator shows', async () => {
        const display = l.sim.installation.display;
        const first = await l.client.readScreen();
        expect(first.encoding).toBe(encoding);
        expect(pngDifferences(first, display.bitmap())).toEqual([]);
        const next = await l.client.readScreen({ key: 'down' });
        expect(display.state.page).toBe('battery');
        expect(next.equals(first)).toBe(false);
        expect(pngDifferences(next, display.bitmap())).toEqual([]);
        await l.client.readScreen({ key: 'set' });
        const list = await l.client.readScreen({ key: 'down' });
        expect(display.state).toEqual({ page: 'battery', list: true, cursor: 1 });
        expect(pngDifferences(list, display.bitmap())).toEqual([]);
        await l.client.readScreen({ key: 'esc' });
        await l.client.readScreen({ key: 'esc' });
        expect(display.state.page).toBe('home');
        expect(l.client.stats.timeouts).toBe(0);
      });

      it('reassembles a screen reply that arrives in pieces', async () => {
        // A Moxa may forward a long reply in several datagrams or segments, a few ms apart.
        l.sim.endpoint(l.endpoint).faults.next({ kind: 'split', pieces: 5, gapMs: 3 });
        const screen = await l.client.readScreen({ key: 'up' });
        expect(l.sim.installation.display.state.page).toBe('system');
        expect(screen.rows).toEqual(l.sim.installation.display.bitmap());
        expect(l.client.stats.timeouts).toBe(0);
      });
    });
  }
}
