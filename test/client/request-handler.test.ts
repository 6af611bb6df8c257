import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RequestHandler, type HandlerRequest } from '../../src/client/request-handler.js';
import { XcomDeviceError, XcomTimeoutError, XcomTransportError } from '../../src/errors.js';
import { decodeValue, encodeValue } from '../../src/protocol/index.js';
import { errorReply, floatReply, readRequest as read, ScriptedDevice } from './scripted-device.js';

const POLICY = { timeoutMs: 2000, retries: 2 };
const valueOf = (reply: { propertyData: Uint8Array }): number => decodeValue('FLOAT', reply.propertyData);

describe('RequestHandler', () => {
  let device: ScriptedDevice;
  let handler: RequestHandler;

  beforeEach(() => {
    device = new ScriptedDevice();
    handler = new RequestHandler(device.clientSide);
  });
  afterEach(async () => {
    vi.useRealTimers();
    await handler.close();
  });

  it('opens the transport on the first request and resolves with the matching reply', async () => {
    device.answer = (r) => floatReply(r, r.objectId / 100);
    expect(device.clientSide.isOpen).toBe(false);
    const reply = await handler.request(read(3000), POLICY);
    expect(valueOf(reply)).toBeCloseTo(30);
    expect(device.clientSide.isOpen).toBe(true);
    expect(handler.stats).toMatchObject({ requests: 1, framesSent: 1, responses: 1, droppedFrames: 0 });
  });

  it('keeps one request in flight and serves callers in order', async () => {
    const seen: number[] = [];
    let inFlight = 0;
    let maxInFlight = 0;
    device.answer = (r) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      seen.push(r.objectId);
      setImmediate(() => {
        inFlight--;
        device.push(floatReply(r, r.objectId));
      });
      return undefined;
    };
    const ids = [3000, 3001, 3002, 3003, 3004, 3005];
    const values = await Promise.all(ids.map((id) => handler.request(read(id), POLICY).then(valueOf)));
    expect(values).toEqual(ids);
    expect(seen).toEqual(ids);
    expect(maxInFlight).toBe(1);
  });

  it('drops replies with another source, object, property, service or destination', async () => {
    device.answer = (r) => {
      const wrong = [
        floatReply(r, 1, 102), // another Xtender
        floatReply({ ...r, objectId: 3001 }, 2), // another object
        floatReply({ ...r, propertyId: 13 }, 3), // another property
        floatReply({ ...r, objectType: 2 }, 4), // another object type
        floatReply({ ...r, serviceId: 2 }, 5), // another service
        floatReply({ ...r, srcAddr: 7 }, 6), // addressed to someone else
      ];
      return [...wrong, floatReply(r, 42)];
    };
    const reply = await handler.request(read(3000), POLICY);
    expect(valueOf(reply)).toBe(42);
    expect(handler.stats.droppedFrames).toBe(6);
  });

  it('accepts a multicast answer from any unit of the family, not from another family', async () => {
    device.answer = (r) => [floatReply(r, 1, 301), floatReply(r, 2, 601), floatReply(r, 3, 102)];
    const reply = await handler.request(read(3000, 100), POLICY);
    expect(valueOf(reply)).toBe(3);
    expect(reply.srcAddr).toBe(102);
    expect(handler.stats.droppedFrames).toBe(2); // the VarioTrack's and the BSP's
  });

  it('phase addresses 191–193 take answers from Xtenders only', async () => {
    device.answer = (r) => [floatReply(r, 1, 701), floatReply(r, 2, 103)];
    expect(valueOf(await handler.request(read(3000, 193), POLICY))).toBe(2);
  });

  it('turns an error reply into XcomDeviceError with the spec name and code', async () => {
    device.answer = (r) => errorReply(r, 0x22);
    const error = await handler.request(read(9999), POLICY).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(XcomDeviceError);
    expect(error).toMatchObject({ code: 'OBJECT_ID_NOT_FOUND', scomCode: 0x22 });
    expect(String((error as Error).message)).toMatch(/OBJECT_ID_NOT_FOUND \(0x0022\) from address 101/);
    expect(device.received).toHaveLength(1); // a deterministic error is not retried
  });

  it('retries a read on a transient gateway error (busy)', async () => {
    let n = 0;
    device.answer = (r) => (n++ === 0 ? errorReply(r, 0x13) : floatReply(r, 5));
    expect(valueOf(await handler.request(read(3000), POLICY))).toBe(5);
    expect(handler.stats.retries).toBe(1);
  });

  describe('with fake timers', () => {
    beforeEach(() => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    });

    it('times out per attempt, retries reads, then rejects with XcomTimeoutError', async () => {
      const promise = handler.request(read(3000), POLICY);
      const settled = vi.fn();
      promise.then(settled, settled);
      await vi.advanceTimersByTimeAsync(1999);
      expect(device.received).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(1);
      expect(device.received).toHaveLength(2);
      await vi.advanceTimersByTimeAsync(2000);
      expect(device.received).toHaveLength(3);
      expect(settled).not.toHaveBeenCalled();
      await vi.advanceTimersByTimeAsync(2000);
      const error = await promise.catch((e: unknown) => e);
      expect(error).toBeInstanceOf(XcomTimeoutError);
      expect(error).toMatchObject({ code: 'TIMEOUT', timeoutMs: 2000, attempts: 3 });
      expect(handler.stats).toMatchObject({ timeouts: 3, retries: 2, framesSent: 3 });
    });

    it('never repeats a write', async () => {
      const write: HandlerRequest = { ...read(1138, 100, 13), serviceId: 2, objectType: 2, propertyData: encodeValue('FLOAT', 12) };
      const promise = handler.request(write, { timeoutMs: 2000, retries: 0 });
      const result = promise.catch((e: unknown) => e);
      await vi.advanceTimersByTimeAsync(10_000);
      expect(await result).toBeInstanceOf(XcomTimeoutError);
      expect(device.received).toHaveLength(1);
    });

    it('a late reply that lands while the next request is in flight is not taken as its answer', async () => {
      const first = handler.request(read(3000), { timeoutMs: 2000, retries: 0 }).catch((e: unknown) => e);
      await vi.advanceTimersByTimeAsync(2000);
      expect(await first).toBeInstanceOf(XcomTimeoutError);
      const late = device.received[0];
      if (late === undefined) throw new Error('no request seen');
      device.answer = (r) => {
        // The late reply to 3000 arrives first, then the real answer to 3001.
        device.push(floatReply(late, 12.5));
        return floatReply(r, 99);
      };
      const second = await handler.request(read(3001), POLICY);
      expect(second.objectId).toBe(3001);
      expect(valueOf(second)).toBe(99);
      expect(handler.stats.droppedFrames).toBe(1);
    });

    it('the timeout counts from the write, not from the wait in the queue', async () => {
      device.answer = (r) => {
        if (r.objectId === 3000) setTimeout(() => device.push(floatReply(r, 1)), 1500);
        else setTimeout(() => device.push(floatReply(r, 2)), 1900);
        return undefined;
      };
      const a = handler.request(read(3000), POLICY);
      const b = handler.request(read(3001), POLICY);
      await vi.advanceTimersByTimeAsync(3500);
      expect(valueOf(await a)).toBe(1);
      expect(valueOf(await b)).toBe(2);
      expect(handler.stats.timeouts).toBe(0);
    });
  });

  it('an aborted queued call rejects with the reason and is never sent', async () => {
    device.answer = (r) => {
      setImmediate(() => device.push(floatReply(r, r.objectId)));
      return undefined;
    };
    const controller = new AbortController();
    const a = handler.request(read(3000), POLICY);
    const b = handler.request(read(3001), { ...POLICY, signal: controller.signal });
    const c = handler.request(read(3002), POLICY);
    const reason = new Error('changed my mind');
    controller.abort(reason);
    await expect(b).rejects.toBe(reason);
    expect(valueOf(await a)).toBe(3000);
    expect(valueOf(await c)).toBe(3002);
    expect(device.received.map((r) => r.objectId)).toEqual([3000, 3002]);
  });

  it('an aborted call in flight rejects at once and the queue moves on', async () => {
    device.answer = (r) => (r.objectId === 3000 ? undefined : floatReply(r, 7));
    const controller = new AbortController();
    const a = handler.request(read(3000), { ...POLICY, signal: controller.signal });
    const b = handler.request(read(3001), POLICY);
    await new Promise((r) => setImmediate(r));
    controller.abort();
    await expect(a).rejects.toMatchObject({ name: 'AbortError' });
    expect(valueOf(await b)).toBe(7);
  });

  it('an already aborted signal rejects without queueing', async () => {
    await expect(handler.request(read(3000), { ...POLICY, signal: AbortSignal.abort('no') })).rejects.toBe('no');
    expect(handler.stats.requests).toBe(0);
  });

  it('close() rejects what is queued and in flight with CLOSED, then every new request', async () => {
    const a = handler.request(read(3000), POLICY).catch((e: unknown) => e);
    const b = handler.request(read(3001), POLICY).catch((e: unknown) => e);
    await new Promise((r) => setImmediate(r));
    await handler.close();
    await handler.close();
    for (const e of [await a, await b]) {
      expect(e).toBeInstanceOf(XcomTransportError);
      expect(e).toMatchObject({ code: 'CLOSED' });
    }
    await expect(handler.request(read(3000), POLICY)).rejects.toMatchObject({ code: 'CLOSED' });
    expect(device.clientSide.isOpen).toBe(false);
  });

  it('a failing send rejects with a transport error; a failing open can be retried', async () => {
    const open = vi.spyOn(device.clientSide, 'open').mockRejectedValueOnce(new XcomTransportError('CONNECT_FAILED', 'refused'));
    await expect(handler.request(read(3000), POLICY)).rejects.toMatchObject({ code: 'CONNECT_FAILED' });
    device.answer = (r) => floatReply(r, 3);
    expect(valueOf(await handler.request(read(3000), POLICY))).toBe(3);
    expect(open).toHaveBeenCalledTimes(2);
    vi.spyOn(device.clientSide, 'send').mockRejectedValueOnce(new Error('EPIPE'));
    await expect(handler.request(read(3000), POLICY)).rejects.toMatchObject({ code: 'TRANSPORT', message: expect.stringMatching(/EPIPE/) });
  });

  it('reports each matched reply’s frame flags', async () => {
    const flags: number[] = [];
    handler.onFlags((f) => flags.push(f));
    device.answer = (r) => floatReply(r, 1, r.dstAddr, 0x35);
    await handler.request(read(3000), POLICY);
    expect(flags).toEqual([0x35]);
  });

  it('drops frames that arrive with nothing in flight and malformed service data', async () => {
    device.push(floatReply({ ...read(3000), isResponse: false, isError: false, flags: 0, srcAddr: 1 } as never, 1));
    await new Promise((r) => setImmediate(r));
    expect(handler.stats.droppedFrames).toBe(0); // not open yet: nothing received
    device.answer = (r) => floatReply(r, 1);
    await handler.request(read(3000), POLICY);
    const { encodeFrame } = await import('../../src/protocol/index.js');
    device.push(encodeFrame({ flags: 0, srcAddr: 101, dstAddr: 1, data: Uint8Array.of(2, 1, 1) }));
    device.push(floatReply({ ...read(3000), isResponse: false, isError: false, flags: 0, srcAddr: 1 } as never, 1));
    await new Promise((r) => setImmediate(r));
    expect(handler.stats.malformedFrames).toBe(1);
    expect(handler.stats.droppedFrames).toBe(1);
  });
});
