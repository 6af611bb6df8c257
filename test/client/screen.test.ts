// readScreen against a scripted gateway: the golden request of spec §6.2.5, each key's object
// id, both reply forms, malformed replies, arguments refused before anything is sent, and a
// key press that is never sent twice.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { XcomClient } from '../../src/client/xcom-client.js';
import { XcomDeviceError, XcomProtocolError, XcomTimeoutError, XcomValidationError } from '../../src/errors.js';
import { decodeMessage, encodeFrame, encodeResponse, encodeScreenRaw, encodeScreenRle, type ScomMessage, toHex } from '../../src/protocol/index.js';
import { MemoryTransport } from '../../src/transport/memory-transport.js';
import { errorReply } from './scripted-device.js';

// A picture with runs and details, whose run-length form fits in a frame.
const rows = (() => {
  const out = new Uint8Array(1024);
  for (let i = 0; i < 1024; i++) out[i] = i % 5 === 0 ? 0xf0 : i % 7 === 0 ? 0x5a : 0;
  return out;
})();

function screenReply(request: ScomMessage, data: Uint8Array): Uint8Array {
  return encodeResponse({ flags: 0x22, srcAddr: 501, dstAddr: request.srcAddr, serviceId: 1, objectType: request.objectType, objectId: request.objectId, propertyId: request.propertyId, propertyData: data });
}

describe('XcomClient.readScreen', () => {
  let client: XcomClient | undefined;
  afterEach(async () => {
    await client?.close();
    vi.useRealTimers();
  });

  function rig(answer: (request: ScomMessage) => Uint8Array | undefined): { device: { received: ScomMessage[] }; client: XcomClient; sent: Uint8Array[] } {
    const [clientSide, deviceSide] = MemoryTransport.pair();
    const received: ScomMessage[] = [];
    const sent: Uint8Array[] = [];
    deviceSide.setFrameListener((frame) => {
      // A validated frame encodes back to the very bytes that carried it.
      sent.push(encodeFrame(frame));
      const request = decodeMessage(frame);
      received.push(request);
      const reply = answer(request);
      if (reply !== undefined) void deviceSide.send(reply);
    });
    void deviceSide.open();
    client = new XcomClient(clientSide);
    return { device: { received }, client, sent };
  }

  it('sends the golden request of spec §6.2.5 and reads a raw reply', async () => {
    const { client, sent } = rig((r) => screenReply(r, encodeScreenRaw(rows)));
    const screen = await client.readScreen();
    expect(sent.map(toHex)).toEqual(['aa 00 01 00 00 00 f5 01 00 00 0a 00 00 d6 00 01 00 01 00 00 00 00 00 00 01 06']);
    expect(screen.encoding).toBe('raw');
    expect(screen.rows).toEqual(rows);
    expect(client.flags?.sdCardPresent).toBe(false);
  });

  it('presses each key with its object id, and reads a run-length reply', async () => {
    const { device, client } = rig((r) => screenReply(r, encodeScreenRle(rows)));
    for (const key of ['none', 'up', 'down', 'esc', 'set'] as const) {
      const screen = await client.readScreen({ key });
      expect(screen.encoding).toBe('rle');
      expect(screen.rows).toEqual(rows);
    }
    expect(device.received.map((r) => [r.dstAddr, r.objectType, r.objectId, r.propertyId])).toEqual([
      [501, 0x100, 0x00, 0],
      [501, 0x100, 0x80, 0],
      [501, 0x100, 0x10, 0],
      [501, 0x100, 0x20, 0],
      [501, 0x100, 0x40, 0],
    ]);
  });

  it('refuses a bad key or option before anything is sent', async () => {
    const { device, client } = rig((r) => screenReply(r, encodeScreenRaw(rows)));
    const refused: unknown[] = [
      { key: 'enter' },
      { key: 'UP' },
      { key: 0x80 },
      { key: 'toString' },
      { keys: 'up' },
      { retries: -1 },
      { timeoutMs: 0 },
      { signal: 'abort' },
      3,
    ];
    for (const options of refused) {
      const error = await client.readScreen(options as never).catch((e: unknown) => e);
      expect(error, JSON.stringify(options)).toBeInstanceOf(XcomValidationError);
    }
    expect(((await client.readScreen({ key: 'enter' as never }).catch((e: unknown) => e)) as Error).message).toMatch(
      /key must be one of none, down, esc, set, up, got "enter"/,
    );
    expect(device.received).toEqual([]);
  });

  it('gives a malformed run-length reply as a protocol error, never as a picture', async () => {
    const { client } = rig((r) => screenReply(r, encodeScreenRle(rows).subarray(0, 100)));
    const error = await client.readScreen().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(XcomProtocolError);
    expect((error as Error).message).toMatch(/covers \d+ of the 8192 pixels/);
  });

  it('gives the gateway refusal as a device error', async () => {
    const { client } = rig((r) => errorReply(r, 0x0024));
    const error = await client.readScreen({ key: 'set' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(XcomDeviceError);
  });

  it('sends a key press once (a retry would press it again), but retries a refresh', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { device, client } = rig(() => undefined);
    const press = client.readScreen({ key: 'up', timeoutMs: 1000 }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(1000);
    expect(await press).toBeInstanceOf(XcomTimeoutError);
    expect(device.received).toHaveLength(1);
    const refresh = client.readScreen({ timeoutMs: 1000 }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(3000);
    expect(await refresh).toMatchObject({ attempts: 3 });
    const asked = client.readScreen({ key: 'down', timeoutMs: 1000, retries: 1 }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(2000);
    expect(await asked).toMatchObject({ attempts: 2 });
    expect(device.received.map((r) => r.objectId)).toEqual([0x80, 0, 0, 0, 0x10, 0x10]);
  });

  it('rejects with the signal reason when aborted', async () => {
    const { client } = rig(() => undefined);
    const reason = new Error('enough');
    const error = await client.readScreen({ signal: AbortSignal.abort(reason) }).catch((e: unknown) => e);
    expect(error).toBe(reason);
  });
});
