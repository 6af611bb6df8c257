// The matching rule and the quarantine for the file-transfer object (0x0101): a reply to
// Start, Ack_Continue or Nack_Retry carries Datablock or Finish, a reply to Abort carries
// Finish; nothing else of the rule loosens. And busyRetries: refusals retried, timeouts not.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { acceptsProperty, mismatch, shareAnswer } from '../../src/client/matching.js';
import { type HandlerRequest, RequestHandler } from '../../src/client/request-handler.js';
import { XcomDeviceError, XcomTimeoutError } from '../../src/errors.js';
import { encodeResponse, type ScomMessage, SD_ABORT, SD_ACK_CONTINUE, SD_DATABLOCK, SD_FINISH, SD_NACK_RETRY, SD_START } from '../../src/protocol/index.js';
import { errorReply, ScriptedDevice } from './scripted-device.js';

const step = (propertyId: number, objectId = 2): HandlerRequest => ({
  srcAddr: 1,
  dstAddr: 501,
  serviceId: 1,
  objectType: 0x0101,
  objectId,
  propertyId,
  propertyData: new Uint8Array(0),
});
/** A reply to `request` carrying `propertyId` and `data` (object id and source as given). */
const reply = (request: ScomMessage, propertyId: number, data: number[] = [], objectId = request.objectId, srcAddr = 501): Uint8Array =>
  encodeResponse({ flags: 0x24, srcAddr, dstAddr: request.srcAddr, serviceId: 1, objectType: request.objectType, objectId, propertyId, propertyData: Uint8Array.from(data) });
const asMessage = (key: HandlerRequest, propertyId: number, extra: Partial<ScomMessage> = {}): ScomMessage => ({
  ...key,
  srcAddr: 501,
  dstAddr: 1,
  flags: 0,
  isResponse: true,
  isError: false,
  propertyId,
  ...extra,
});

describe('the rule', () => {
  it('a step is answered by its pairing (or its own property, as error replies echo it)', () => {
    for (const p of [SD_START, SD_ACK_CONTINUE, SD_NACK_RETRY]) {
      expect(mismatch(step(p), asMessage(step(p), SD_DATABLOCK))).toBeUndefined();
      expect(mismatch(step(p), asMessage(step(p), SD_FINISH))).toBeUndefined();
      expect(mismatch(step(p), asMessage(step(p), p))).toBeUndefined();
      expect(mismatch(step(p), asMessage(step(p), SD_ABORT))).toBe(`property ${SD_ABORT}`);
    }
    expect(mismatch(step(SD_ABORT), asMessage(step(SD_ABORT), SD_FINISH))).toBeUndefined();
    expect(mismatch(step(SD_ABORT), asMessage(step(SD_ABORT), SD_DATABLOCK))).toBe(`property ${SD_DATABLOCK}`);
  });

  it('nothing else loosens: another object id, object type, service, source or destination', () => {
    const start = step(SD_START);
    expect(mismatch(start, asMessage(start, SD_DATABLOCK, { objectId: 1 }))).toBe('object 1');
    expect(mismatch(start, asMessage(start, SD_DATABLOCK, { objectType: 0x0100 }))).toBe('object type 256');
    expect(mismatch(start, asMessage(start, SD_DATABLOCK, { serviceId: 2 }))).toBe('service 2');
    expect(mismatch(start, asMessage(start, SD_DATABLOCK, { srcAddr: 101 }))).toBe('from 101');
    expect(mismatch(start, asMessage(start, SD_DATABLOCK, { dstAddr: 2 }))).toBe('addressed to 2');
    // A user info read is answered by its own property only.
    const info = { ...start, objectType: 1, objectId: 3000, propertyId: 1 };
    expect(acceptsProperty(info, SD_DATABLOCK)).toBe(false);
    expect(mismatch(info, asMessage(info, SD_FINISH))).toBe(`property ${SD_FINISH}`);
    // A write of the transfer object has no pairing either.
    expect(acceptsProperty({ ...start, serviceId: 2 }, SD_DATABLOCK)).toBe(false);
  });

  it('two steps share an answer when one reply could answer both', () => {
    expect(shareAnswer(step(SD_ACK_CONTINUE), step(SD_ABORT))).toBe(true); // Finish
    expect(shareAnswer(step(SD_START), step(SD_NACK_RETRY))).toBe(true);
    expect(shareAnswer(step(SD_START), step(SD_START, 1))).toBe(false); // another object
    expect(shareAnswer(step(SD_DATABLOCK), step(SD_ABORT))).toBe(false);
  });
});

describe('the request handler (fake timers)', () => {
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

  it('takes a Datablock as the answer to a Start, and a Finish as the answer to an Abort', async () => {
    device.answer = (r) => (r.propertyId === SD_START ? reply(r, SD_DATABLOCK, [1, 2, 3]) : reply(r, SD_FINISH));
    const block = await handler.request(step(SD_START), { timeoutMs: 1000, retries: 0 });
    expect(block).toMatchObject({ propertyId: SD_DATABLOCK, propertyData: Uint8Array.from([1, 2, 3]) });
    // The Abort shares the Finish with the Start: it waits out the Start's short echo window.
    const abort = handler.request(step(SD_ABORT), { timeoutMs: 1000, retries: 0 });
    await vi.advanceTimersByTimeAsync(50);
    expect((await abort).propertyId).toBe(SD_FINISH);
  });

  it('drops a Datablock for another object id (the directory, when a file was asked)', async () => {
    device.answer = (r) => reply(r, SD_DATABLOCK, [9], 1);
    const call = handler.request(step(SD_START, 2), { timeoutMs: 1000, retries: 0 }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(1000);
    expect(await call).toBeInstanceOf(XcomTimeoutError);
    expect(handler.stats.droppedFrames).toBe(1);
  });

  it('drops a Datablock answering an Abort', async () => {
    device.answer = (r) => reply(r, SD_DATABLOCK, [9]);
    const call = handler.request(step(SD_ABORT), { timeoutMs: 1000, retries: 0 }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(1000);
    expect(await call).toBeInstanceOf(XcomTimeoutError);
    expect(handler.stats.droppedFrames).toBe(1);
  });

  it('a late Finish of an abandoned Ack_Continue is dropped, and the Abort waits out its window', async () => {
    device.answer = (r) => {
      if (r.propertyId === SD_ACK_CONTINUE) setTimeout(() => device.push(reply(r, SD_FINISH, [7, 7])), 2500);
      else return reply(r, SD_FINISH);
      return undefined;
    };
    const ack = handler.request(step(SD_ACK_CONTINUE), { timeoutMs: 2000, retries: 0 }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(2000);
    expect(await ack).toBeInstanceOf(XcomTimeoutError);
    const abort = handler.request(step(SD_ABORT), { timeoutMs: 2000, retries: 0 });
    await vi.advanceTimersByTimeAsync(999);
    // Not sent yet: the Ack's late Finish (at 2500 ms) could have passed for the Abort's answer.
    expect(device.received.map((r) => r.propertyId)).toEqual([SD_ACK_CONTINUE]);
    expect(handler.stats.lateFrames).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    const finish = await abort;
    expect(finish.propertyData).toEqual(new Uint8Array(0)); // the Abort's own Finish, not the late one
    expect(device.received.map((r) => r.propertyId)).toEqual([SD_ACK_CONTINUE, SD_ABORT]);
  });

  it('a late Datablock of an abandoned Start is never the answer to the next Ack_Continue', async () => {
    device.answer = (r) => {
      if (r.propertyId === SD_START) setTimeout(() => device.push(reply(r, SD_DATABLOCK, [0])), 2500);
      else return undefined;
      return undefined;
    };
    const start = handler.request(step(SD_START), { timeoutMs: 2000, retries: 0 }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(2000);
    expect(await start).toBeInstanceOf(XcomTimeoutError);
    const ack = handler.request(step(SD_ACK_CONTINUE), { timeoutMs: 2000, retries: 0 }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(1000);
    // The Ack waited for the Start's window; the late Datablock (2500 ms) was dropped as late.
    expect(handler.stats.lateFrames).toBe(1);
    expect(device.received.map((r) => r.propertyId)).toEqual([SD_START, SD_ACK_CONTINUE]);
    await vi.advanceTimersByTimeAsync(2000);
    expect(await ack).toBeInstanceOf(XcomTimeoutError);
  });

  it('busyRetries: a refusal is retried with backoff, a timeout is not', async () => {
    let n = 0;
    device.answer = (r) => (n++ < 2 ? errorReply(r, 0x13) : reply(r, SD_DATABLOCK, [5]));
    const call = handler.request(step(SD_ACK_CONTINUE), { timeoutMs: 1000, retries: 0, busyRetries: 3 });
    await vi.advanceTimersByTimeAsync(1000);
    expect((await call).propertyData).toEqual(Uint8Array.from([5]));
    expect(device.received).toHaveLength(3);

    device.answer = () => undefined;
    const lost = handler.request(step(SD_ACK_CONTINUE), { timeoutMs: 1000, retries: 0, busyRetries: 3 }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(1000);
    expect(await lost).toMatchObject({ attempts: 1 });
    expect(device.received).toHaveLength(4);

    device.answer = (r) => errorReply(r, 0x13);
    const busy = handler.request(step(SD_ACK_CONTINUE), { timeoutMs: 1000, retries: 0, busyRetries: 2 }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(5000);
    expect(await busy).toBeInstanceOf(XcomDeviceError);
    expect(device.received).toHaveLength(7);
  });
});
