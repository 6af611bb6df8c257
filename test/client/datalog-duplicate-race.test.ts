// A duplicated reply on a gateway slower than the quarantine's echo window: the step's own
// reply is still on its way when the duplicate is seen, and must never be taken for the answer
// to a later step (an Abort, then the next Start).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { XcomClient } from '../../src/client/xcom-client.js';
import { SD_ACK_CONTINUE, SD_START } from '../../src/protocol/index.js';
import { datalogGateway } from './datalog-gateway.js';
import type { ScriptedDevice } from './scripted-device.js';

afterEach(() => {
  vi.useRealTimers();
});

/** A file of three blocks, no two alike. */
const FILE = Uint8Array.from({ length: 1100 }, (_, i) => (i * 7 + (i >> 9)) & 0xff);

/** A gateway serving FILE, every reply `latencyMs` after its request; `twice` (a step's index) answered twice. */
const slowGateway = (latencyMs: number, twice: number): ScriptedDevice =>
  datalogGateway(FILE, (index, _request, reply, push) => {
    setTimeout(() => push(reply), latencyMs);
    if (index === twice) setTimeout(() => push(reply), latencyMs + 1);
  });

describe('a duplicated reply from a slow gateway (fake timers)', () => {
  it('the file is still exact when the second-to-last block comes twice', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    // Step 1 (the first Ack) brings the second block, its last Datablock: answered twice.
    const device = slowGateway(80, 1);
    const client = new XcomClient(device.clientSide, { timeoutMs: 1000, quarantineMs: 1500 });
    try {
      let outcome: unknown;
      const call = client.downloadDatalog('LG250621.CSV').then(
        (bytes) => (outcome = bytes),
        (error: unknown) => (outcome = error),
      );
      for (let ms = 0; outcome === undefined && ms < 60_000; ms += 10) await vi.advanceTimersByTimeAsync(10);
      await call;
      expect(outcome).toBeInstanceOf(Uint8Array);
      expect((outcome as Uint8Array).length).toBe(FILE.length);
      expect(Buffer.from(outcome as Uint8Array).equals(Buffer.from(FILE))).toBe(true);
      // The duplicate was dropped; the step took its own reply, and nothing restarted.
      expect(device.received.map((m) => m.propertyId)).toEqual([SD_START, SD_ACK_CONTINUE, SD_ACK_CONTINUE]);
      expect(client.stats.droppedFrames).toBe(1);
    } finally {
      await client.close();
    }
  });
});
