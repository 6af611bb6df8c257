// A duplicated reply on a gateway slower than the quarantine's echo window: the step's own
// reply is still on its way when the duplicate is seen, and must never be taken for the answer
// to a later step (an Abort, then the next Start).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { XcomClient } from '../../src/client/xcom-client.js';
import { encodeResponse, type ScomMessage, SD_ABORT, SD_ACK_CONTINUE, SD_DATABLOCK, SD_FINISH, SD_START } from '../../src/protocol/index.js';
import { ScriptedDevice } from './scripted-device.js';

afterEach(() => {
  vi.useRealTimers();
});

/** A file of three blocks, no two alike. */
const FILE = Uint8Array.from({ length: 1100 }, (_, i) => (i * 7 + (i >> 9)) & 0xff);

/** A gateway serving FILE, every reply `latencyMs` after its request; `twice` (a step's index) answered twice. */
function slowGateway(latencyMs: number, twice: number): ScriptedDevice {
  const device = new ScriptedDevice();
  let offset = 0;
  let open = false;
  const reply = (request: ScomMessage, propertyId: number, data: Uint8Array): Uint8Array =>
    encodeResponse({ flags: 0x24, srcAddr: 501, dstAddr: request.srcAddr, serviceId: 1, objectType: 0x0101, objectId: request.objectId, propertyId, propertyData: data });
  device.answer = (request) => {
    const index = device.received.length - 1;
    let out: Uint8Array;
    if (request.propertyId === SD_ABORT) {
      open = false;
      out = reply(request, SD_FINISH, new Uint8Array(0));
    } else {
      if (request.propertyId === SD_START) {
        offset = 0;
        open = true;
      } else if (request.propertyId === SD_ACK_CONTINUE && open) offset += 512;
      const end = Math.min(offset + 512, FILE.length);
      const last = end === FILE.length;
      if (last) open = false;
      out = reply(request, last ? SD_FINISH : SD_DATABLOCK, FILE.slice(offset, end));
    }
    setTimeout(() => device.push(out), latencyMs);
    if (index === twice) setTimeout(() => device.push(out), latencyMs + 1);
    return undefined;
  };
  return device;
}

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
