// The client's `request` event: one per request that ran, with its duration (queue time left
// out) and how it ended. The Prometheus exporter's request histogram stands on it.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RequestSettled } from '../../src/client/client-events.js';
import { RequestHandler } from '../../src/client/request-handler.js';
import { XcomClient } from '../../src/client/xcom-client.js';
import { XcomP } from '../../src/catalogue/xcomp.js';
import { XcomDeviceError, XcomTimeoutError } from '../../src/errors.js';
import { errorReply, floatReply, flush, readRequest, ScriptedDevice } from './scripted-device.js';

describe('request settled (the client’s request event)', () => {
  let device: ScriptedDevice;
  let client: XcomClient;
  let seen: RequestSettled[];

  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    device = new ScriptedDevice();
    client = new XcomClient(device.clientSide, { retries: 1, quarantineMs: 0 });
    seen = [];
    client.on('request', (info) => seen.push(info));
  });
  afterEach(async () => {
    await client.close();
    vi.useRealTimers();
  });

  const answerAfter = (ms: number, reply: (r: Parameters<ScriptedDevice['answer']>[0]) => Uint8Array): void => {
    device.answer = (r) => {
      setTimeout(() => device.push(reply(r)), ms);
      return undefined;
    };
  };

  it('tells each request its duration and result, without the time it waited in the queue', async () => {
    answerAfter(150, (r) => floatReply(r, 51.2));
    const first = client.getValue(XcomP.XT_BATTERY_VOLTAGE);
    const second = client.getValue(XcomP.XT_BATTERY_VOLTAGE, { dstAddr: 102 });
    await vi.advanceTimersByTimeAsync(300);
    await expect(first).resolves.toBeCloseTo(51.2, 3);
    await expect(second).resolves.toBeCloseTo(51.2, 3);
    expect(seen.map((s) => [s.dstAddr, s.objectType, s.objectId, s.serviceId, s.result, s.error])).toEqual([
      [101, 1, 3000, 1, 'ok', undefined],
      [102, 1, 3000, 1, 'ok', undefined],
    ]);
    // The second waited 150 ms behind the first: that is not its duration.
    expect(seen.map((s) => s.durationMs)).toEqual([150, 150]);
  });

  it('counts every attempt of a timed-out read in its duration', async () => {
    device.answer = () => undefined;
    const read = client.getValue(XcomP.XT_BATTERY_VOLTAGE, { timeoutMs: 500 }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(1000);
    expect(await read).toBeInstanceOf(XcomTimeoutError);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ result: 'timeout', durationMs: 1000 });
    expect(seen[0]?.error).toBeInstanceOf(XcomTimeoutError);
  });

  it('names a Scom error reply device_error', async () => {
    answerAfter(20, (r) => errorReply(r, 0x22));
    const read = client.getValue(XcomP.XT_BATTERY_VOLTAGE).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(20);
    expect(await read).toBeInstanceOf(XcomDeviceError);
    expect(seen.map((s) => [s.result, s.durationMs])).toEqual([['device_error', 20]]);
  });

  it('names an aborted request aborted, and says nothing of one aborted before it ran', async () => {
    device.answer = () => undefined;
    const running = new AbortController();
    const queued = new AbortController();
    const first = client.getValue(XcomP.XT_BATTERY_VOLTAGE, { signal: running.signal }).catch((e: unknown) => e);
    const second = client.getValue(XcomP.XT_BATTERY_VOLTAGE, { signal: queued.signal, dstAddr: 102 }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(100);
    queued.abort(new Error('not wanted'));
    running.abort(new Error('stop'));
    await first;
    await second;
    await flush();
    expect(seen.map((s) => [s.dstAddr, s.result, s.durationMs])).toEqual([[101, 'aborted', 100]]);
  });

  it('names a request cut off by close() closed', async () => {
    device.answer = () => undefined;
    const read = client.getValue(XcomP.XT_BATTERY_VOLTAGE).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(10);
    await client.close();
    await read;
    await flush();
    expect(seen.map((s) => s.result)).toEqual(['closed']);
  });
});

describe('RequestHandler.onSettled', () => {
  it('keeps serving the queue when its listener throws', async () => {
    const device = new ScriptedDevice();
    const handler = new RequestHandler(device.clientSide);
    try {
      device.answer = (r) => floatReply(r, 1);
      let calls = 0;
      handler.onSettled(() => {
        calls++;
        throw new Error('a buggy listener');
      });
      const replies = await Promise.all([handler.request(readRequest(3000), { timeoutMs: 500, retries: 0 }), handler.request(readRequest(3001), { timeoutMs: 500, retries: 0 })]);
      expect(replies.map((r) => r.objectId)).toEqual([3000, 3001]);
      expect(calls).toBe(2);
    } finally {
      await handler.close();
    }
  });
});
