// A reply later than its quarantine window: it cannot be told from an answer, so it lands in
// the restarted run. The file must still come out exact: after a restart, a run is kept only
// once another complete run agrees with it.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DatalogProgress } from '../../src/client/datalog.js';
import { XcomClient } from '../../src/client/xcom-client.js';
import { SD_START } from '../../src/protocol/index.js';
import { datalogGateway } from './datalog-gateway.js';
import type { ScriptedDevice } from './scripted-device.js';

afterEach(() => {
  vi.useRealTimers();
});

/** A file of four blocks, no two alike. */
const FILE = Uint8Array.from({ length: 1800 }, (_, i) => (i * 7 + (i >> 9) * 3) & 0xff);

/**
 * A gateway serving FILE 20 ms after each request, except the reply to step `held`, which it
 * sends only when the next SD_Start arrives: long after the client gave that step up.
 */
function gatewayWithALateReply(held: number): ScriptedDevice {
  let late: Uint8Array | undefined;
  return datalogGateway(FILE, (index, request, reply, push) => {
    if (request.propertyId === SD_START && late !== undefined) {
      push(late);
      late = undefined;
    }
    if (index === held) late = reply;
    else setTimeout(() => push(reply), 20);
  });
}

describe('a reply later than the quarantine window (fake timers)', () => {
  it('lands in the restarted run, which is not kept: the file is exact', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const device = gatewayWithALateReply(2); // the second Ack's reply, the third block
    const client = new XcomClient(device.clientSide, { timeoutMs: 200, quarantineMs: 300 });
    try {
      let outcome: unknown;
      const seen: DatalogProgress[] = [];
      const call = client.downloadDatalog('LG250621.CSV', { onProgress: (p) => seen.push(p) }).then(
        (bytes) => (outcome = bytes),
        (error: unknown) => (outcome = error),
      );
      for (let ms = 0; outcome === undefined && ms < 60_000; ms += 10) await vi.advanceTimersByTimeAsync(10);
      await call;
      expect(outcome).toBeInstanceOf(Uint8Array);
      expect(Buffer.from(outcome as Uint8Array).equals(Buffer.from(FILE))).toBe(true);
      // The run the late reply landed in was not returned: more complete runs followed.
      expect(seen.filter((p) => p.done).length).toBeGreaterThanOrEqual(2);
      expect(seen.at(-1)?.confirming).toBe(true);
    } finally {
      await client.close();
    }
  });
});
