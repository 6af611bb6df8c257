// Issue "Trust at the edges": a reply to a request that was given up on must never answer
// another one. Each scenario below was reproduced on the code before the quarantine, pinning and
// multi-info content check; each fails without its fix.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { XcomClient } from '../../src/client/xcom-client.js';
import { RequestHandler, type HandlerRequest } from '../../src/client/request-handler.js';
import { XcomP, getDatapoint } from '../../src/catalogue/index.js';
import { XcomDeviceError, XcomProtocolError, XcomTimeoutError } from '../../src/errors.js';
import { decodeValue, encodeResponse, encodeValue, encodeMultiInfoResponse, type ScomMessage } from '../../src/protocol/index.js';
import { decodeMultiInfoRequest } from '../../src/protocol/multi-info.js';
import { errorReply, floatReply, readRequest as read, ScriptedDevice } from './scripted-device.js';

const write = (objectId: number, dstAddr: number, value: number): HandlerRequest => ({
  ...read(objectId, dstAddr, 13),
  serviceId: 2,
  objectType: 2,
  propertyData: encodeValue('FLOAT', value),
});
const valueOf = (reply: { propertyData: Uint8Array }): number => decodeValue('FLOAT', reply.propertyData);
const settledState = <T>(promise: Promise<T>): { done: boolean } => {
  const state = { done: false };
  promise.then(
    () => (state.done = true),
    () => (state.done = true),
  );
  return state;
};

describe('late replies (fake timers)', () => {
  let device: ScriptedDevice;
  let handler: RequestHandler;

  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    device = new ScriptedDevice();
    handler = new RequestHandler(device.clientSide, { quarantineMs: 3000 });
  });
  afterEach(async () => {
    await handler.close();
    vi.useRealTimers();
  });

  it('a late reply from 101 is never taken as the L2 (192) value: the phase read waits out the window', async () => {
    device.answer = (r) => {
      // 101 answers after the client gave up; 102 answers the phase read at once.
      if (r.dstAddr === 101) setTimeout(() => device.push(floatReply(r, 101.5)), 2500);
      else return floatReply(r, 102.5, 102);
      return undefined;
    };
    const first = handler.request(read(3000, 101), { timeoutMs: 2000, retries: 0 }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(2000);
    expect(await first).toBeInstanceOf(XcomTimeoutError);
    const phase = handler.request(read(3000, 192), { timeoutMs: 2000, retries: 0 });
    await vi.advanceTimersByTimeAsync(600);
    // The late 101 frame arrived (at 2500 ms) and was dropped as late; the phase read is not sent yet.
    expect(device.received).toHaveLength(1);
    expect(handler.stats.lateFrames).toBe(1);
    await vi.advanceTimersByTimeAsync(400);
    expect(valueOf(await phase)).toBe(102.5);
    expect(device.received.map((r) => r.dstAddr)).toEqual([101, 192]);
    expect(handler.stats.quarantineWaits).toBe(1);
  });

  it('a second write of the same parameter waits: the late acknowledgement of the first never completes it', async () => {
    let n = 0;
    device.answer = (r) => {
      if (n++ === 0) {
        setTimeout(() => device.push(floatReply(r, 0)), 2800); // the first write's late acknowledgement
        return undefined;
      }
      return errorReply(r, 0x28); // DATA_TOO_BIG: the second write is refused
    };
    const first = handler.request(write(1138, 100, 30), { timeoutMs: 2000, retries: 0 }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(2000);
    expect(await first).toBeInstanceOf(XcomTimeoutError);
    const second = handler.request(write(1138, 100, 250), { timeoutMs: 2000, retries: 0 }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(1000);
    const error = await second;
    expect(error).toBeInstanceOf(XcomDeviceError);
    expect(error).toMatchObject({ code: 'DATA_TOO_BIG' });
    expect(handler.stats.lateFrames).toBe(1);
  });

  it('a write to 100 waits while a write of the same parameter to 101 is quarantined; another parameter does not', async () => {
    device.answer = (r) => (r.dstAddr === 101 ? undefined : floatReply(r, 0, 101));
    const first = handler.request(write(1138, 101, 30), { timeoutMs: 1000, retries: 0 }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(1000);
    expect(await first).toBeInstanceOf(XcomTimeoutError);
    const other = handler.request(write(1107, 100, 10), { timeoutMs: 1000, retries: 0 });
    await vi.advanceTimersByTimeAsync(0);
    await other; // another parameter goes at once
    const same = handler.request(write(1138, 100, 31), { timeoutMs: 1000, retries: 0 });
    const state = settledState(same);
    await vi.advanceTimersByTimeAsync(1900);
    expect(state.done).toBe(false);
    expect(device.received.map((r) => r.objectId)).toEqual([1138, 1107]);
    await vi.advanceTimersByTimeAsync(100); // 3000 ms after the first write
    await same;
    expect(device.received.map((r) => r.objectId)).toEqual([1138, 1107, 1138]);
  });

  it('a retry of the same read goes at once and may take the late duplicate (same key, same value)', async () => {
    let n = 0;
    device.answer = (r) => {
      if (n++ === 0) setTimeout(() => device.push(floatReply(r, 7)), 2100);
      return undefined;
    };
    const call = handler.request(read(3000), { timeoutMs: 2000, retries: 1 });
    await vi.advanceTimersByTimeAsync(2000);
    expect(device.received).toHaveLength(2); // the retry was not held back
    await vi.advanceTimersByTimeAsync(100);
    expect(valueOf(await call)).toBe(7);
    expect(handler.stats.lateFrames).toBe(0);
  });

  it('waiting out a window is bounded by the signal, and nothing is sent', async () => {
    device.answer = () => undefined;
    const first = handler.request(write(1138, 100, 30), { timeoutMs: 1000, retries: 0 }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(1000);
    await first;
    const controller = new AbortController();
    const second = handler.request(write(1138, 100, 31), { timeoutMs: 1000, retries: 0, signal: controller.signal }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(500);
    const reason = new Error('gave up');
    controller.abort(reason);
    expect(await second).toBe(reason);
    expect(device.received).toHaveLength(1);
  });

  it('an aborted attempt (frame written) is quarantined like a timed-out one', async () => {
    device.answer = (r) => {
      setTimeout(() => device.push(floatReply(r, 0)), 500);
      return undefined;
    };
    const controller = new AbortController();
    const first = handler.request(write(1138, 100, 30), { timeoutMs: 2000, retries: 0, signal: controller.signal }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(100);
    controller.abort();
    await first;
    await vi.advanceTimersByTimeAsync(400);
    expect(handler.stats.lateFrames).toBe(1);
  });

  it('a phase read learns the unit that answers it and accepts only that one until a read to it times out', async () => {
    let answerFrom = 102;
    device.answer = (r) => (answerFrom === 0 ? undefined : [floatReply(r, 101, 101), floatReply(r, answerFrom, answerFrom)]);
    // First read: any Xtender may answer; 101's frame comes first and is taken.
    expect(valueOf(await handler.request(read(3000, 192), { timeoutMs: 1000, retries: 0 }))).toBe(101);
    // From now on only 101 answers for 192; another unit's frame is dropped.
    device.answer = (r) => [floatReply(r, 102, 102), floatReply(r, 101, 101)];
    expect(valueOf(await handler.request(read(3001, 192), { timeoutMs: 1000, retries: 0 }))).toBe(101);
    expect(handler.stats.droppedFrames).toBe(2);
    // A timeout forgets the pin (a phase master can change).
    answerFrom = 0;
    device.answer = () => undefined;
    const lost = handler.request(read(3002, 192), { timeoutMs: 1000, retries: 0 }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(1000);
    expect(await lost).toBeInstanceOf(XcomTimeoutError);
    device.answer = (r) => floatReply(r, 103, 103);
    expect(valueOf(await handler.request(read(3005, 192), { timeoutMs: 1000, retries: 0 }))).toBe(103);
  });

  it('a new link forgets the learnt phase source', async () => {
    device.answer = (r) => floatReply(r, 101, 101);
    await handler.request(read(3000, 191), { timeoutMs: 1000, retries: 0 });
    (device.clientSide as unknown as { emit(event: 'connect', info: { peer: string }): void }).emit('connect', { peer: 'again' });
    device.answer = (r) => floatReply(r, 102, 102);
    expect(valueOf(await handler.request(read(3000, 191), { timeoutMs: 1000, retries: 0 }))).toBe(102);
  });

  it('an abort between two attempts (during a GATEWAY_BUSY retry) ends the call; no further frame', async () => {
    device.answer = (r) => errorReply(r, 0x13);
    const controller = new AbortController();
    handler.onFlags(() => controller.abort(new Error('stop')));
    const call = handler.request(read(3000), { timeoutMs: 1000, retries: 2, signal: controller.signal }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(await call).toMatchObject({ message: 'stop' });
    expect(device.received).toHaveLength(1);
  });

  it('retries of transient device errors back off, jittered and growing', async () => {
    const random = vi.fn(() => 0.5);
    await handler.close();
    handler = new RequestHandler(device.clientSide, { random });
    let n = 0;
    device.answer = (r) => (n++ < 2 ? errorReply(r, 0x13) : floatReply(r, 5));
    const call = handler.request(read(3000), { timeoutMs: 1000, retries: 2 });
    await vi.advanceTimersByTimeAsync(0);
    expect(device.received).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(187);
    expect(device.received).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1); // 125 + 125 × 0.5
    expect(device.received).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(374);
    expect(device.received).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1); // 250 + 250 × 0.5
    expect(device.received).toHaveLength(3);
    expect(valueOf(await call)).toBe(5);
  });

  it('drops the link after 3 consecutive timeouts (device errors do not count; any reply, error or not, resets)', async () => {
    const dropLink = vi.fn();
    (device.clientSide as { dropLink?: (reason: string) => void }).dropLink = dropLink;
    let mode: 'silent' | 'error' | 'ok' = 'silent';
    device.answer = (r) => (mode === 'silent' ? undefined : mode === 'error' ? errorReply(r, 0x22) : floatReply(r, 1));
    const lose = async (): Promise<void> => {
      const p = handler.request(read(3000), { timeoutMs: 100, retries: 0 }).catch((e: unknown) => e);
      await vi.advanceTimersByTimeAsync(100);
      await p;
    };
    await lose();
    await lose();
    mode = 'ok';
    await handler.request(read(3001), { timeoutMs: 100, retries: 0 });
    mode = 'silent';
    await lose();
    await lose();
    mode = 'error';
    await handler.request(read(3002), { timeoutMs: 100, retries: 0 }).catch(() => undefined);
    mode = 'silent';
    await lose();
    await lose();
    expect(dropLink).not.toHaveBeenCalled();
    await lose();
    expect(dropLink).toHaveBeenCalledTimes(1);
    expect(dropLink.mock.calls[0]?.[0]).toMatch(/3 consecutive requests timed out/);
    expect(handler.stats.linksDropped).toBe(1);
  });
});

describe('multi-info replies that echo the sequence but not the items', () => {
  let device: ScriptedDevice;
  let client: XcomClient;

  beforeEach(() => {
    device = new ScriptedDevice();
    client = new XcomClient(device.clientSide, { timeoutMs: 200, retries: 0 });
  });
  afterEach(async () => {
    await client.close();
  });

  const multiReply = (request: ScomMessage, infoIds: number[]): Uint8Array =>
    encodeResponse({
      flags: 0,
      srcAddr: 501,
      dstAddr: request.srcAddr,
      serviceId: 1,
      objectType: request.objectType,
      objectId: request.objectId,
      propertyId: request.propertyId,
      propertyData: encodeMultiInfoResponse({ flags: 0, timestamp: 0, items: infoIds.map((infoId) => ({ infoId, aggregation: 0, value: infoId / 10 })) }),
    });

  it('a foreign reply with the same sequence number but other items is dropped, and the real one taken', async () => {
    device.answer = (r) => [multiReply(r, [3000, 3001]), multiReply(r, decodeMultiInfoRequest(r.propertyData).map((i) => i.infoId))];
    const result = await client.readMultiInfo([{ id: 3000 }, { id: 3005 }]);
    expect(result.items.map((i) => i.value)).toEqual([300, 300.5]);
    expect(client.stats.droppedFrames).toBe(1);
  });

  it('when the only candidate replies list other items, the call fails with XcomProtocolError saying how, not a timeout', async () => {
    device.answer = (r) => multiReply(r, [3000, 3001]);
    const error = await client.readMultiInfo([{ id: 3000 }, { id: 3005 }]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(XcomProtocolError);
    expect(String((error as Error).message)).toMatch(/item 1 is \{3001\}\/0, asked \{3005\}\/0/);
  });

  it('sequence numbers start at a random value', async () => {
    const sequences: number[] = [];
    for (const r of [0.1, 0.7]) {
      vi.spyOn(Math, 'random').mockReturnValueOnce(r);
      const d = new ScriptedDevice();
      const c = new XcomClient(d.clientSide, { timeoutMs: 200, retries: 0 });
      d.answer = (req) => multiReply(req, [3000]);
      await c.readMultiInfo([{ id: 3000 }]);
      sequences.push(d.received[0]?.propertyId ?? -1);
      await c.close();
    }
    expect(sequences[0]).not.toBe(sequences[1]);
    expect(sequences).toEqual([Math.floor(0.1 * 0xffff) + 1, Math.floor(0.7 * 0xffff) + 1]);
  });
});

describe('13 → 5 fallback', () => {
  it('is remembered per (address, parameter), not per address', async () => {
    const device = new ScriptedDevice();
    const client = new XcomClient(device.clientSide, { timeoutMs: 200, retries: 0 });
    device.answer = (r) => (r.objectId === 1138 && r.propertyId === 13 ? errorReply(r, 0x23) : floatReply(r, r.objectId === 1138 ? 60 : 32));
    expect(await client.getValue(XcomP.BATTERY_CHARGE_CURR)).toBe(60);
    expect(await client.getValue(getDatapoint(1107))).toBe(32);
    expect(device.received.map((r) => [r.objectId, r.propertyId])).toEqual([
      [1138, 13],
      [1138, 5],
      [1107, 13],
    ]);
    await client.close();
  });
});

describe('Quarantine bookkeeping', () => {
  it('a read polled in a loop keeps one echo entry, and answered reads never count as late', async () => {
    const { Quarantine } = await import('../../src/client/quarantine.js');
    const q = new Quarantine();
    const key = read(3000);
    for (let i = 0; i < 1000; i++) q.open(key, 3000).answered(q.mayBeLate({ ...key, srcAddr: 101, dstAddr: 1 } as never, key));
    // Before: each answer found the previous one's echo, was taken as possibly late, and held
    // for the whole window: 1,000 entries, each scanned by every later frame and request.
    expect(q.size).toBe(1);
    q.open(key, 3000).abandon();
    expect(q.mayBeLate({ ...key, srcAddr: 101, dstAddr: 1 } as never, key)).toBe(true);
    q.clear();
    expect(q.size).toBe(0);
  });
});
