// readMessages() and watchMessages() against the simulator's message log: over UDP and TCP
// for the log and the burst, in memory (with fake timers) for the periodic check and the edges.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { XcomP } from '../../src/catalogue/index.js';
import { XcomClient, type XcomMessage } from '../../src/client/index.js';
import { XcomC } from '../../src/constants.js';
import { XcomError, XcomValidationError } from '../../src/errors.js';
import { encodeMessageRecord } from '../../src/protocol/message-record.js';
import { encodeResponse } from '../../src/protocol/service.js';
import { type Link, type LinkKind, openLink } from './links.js';
import { errorReply, ScriptedDevice } from './scripted-device.js';
import { simRig, type SimRig } from './sim-rig.js';

const TS = 1_750_000_000;
const summary = (messages: readonly XcomMessage[]): string[] => messages.map((m) => `${m.type}@${m.srcAddr}+${m.timestamp - TS}`);
const messageReads = (l: { sim: { requests: { list(): { objectType: number; objectId: number }[] } } }): number[] =>
  l.sim.requests.list().filter((r) => r.objectType === 3).map((r) => r.objectId);

/** Takes the first `n` messages of the watch, then stops it. */
async function take(watch: AsyncGenerator<XcomMessage, void, undefined>, n: number, each?: (m: XcomMessage, count: number) => void | Promise<void>): Promise<XcomMessage[]> {
  const got: XcomMessage[] = [];
  for await (const message of watch) {
    got.push(message);
    await each?.(message, got.length);
    if (got.length >= n) break;
  }
  return got;
}

/** Waits (on I/O, not on time) until the simulator has answered `count` message reads. */
async function messageReadsReach(l: { sim: { requests: { list(): { objectType: number }[] } } }, count: number): Promise<void> {
  for (let i = 0; i < 10_000 && l.sim.requests.list().filter((r) => r.objectType === 3).length < count; i++) {
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

for (const kind of ['udp', 'tcp'] as LinkKind[]) {
  describe(`the message log over ${kind}`, () => {
    let l: Link | undefined;
    afterEach(async () => {
      await l?.close();
      l = undefined;
    });

    it('readMessages: an empty log is an empty list; then newest first with texts, as many requests as messages', async () => {
      l = await openLink(kind);
      expect(await l.client.readMessages()).toEqual([]);
      for (const [i, type] of [16, 0, 20].entries()) l.sim.installation.raiseEvent({ type, srcAddr: 101 + i, timestamp: TS + i });
      const messages = await l.client.readMessages();
      expect(summary(messages)).toEqual(['20@103+2', '0@102+1', '16@101+0']);
      expect(messages[0]).toMatchObject({ totalCount: 3, value: 0, text: 'Halted (020): Battery overvoltage' });
      expect(messages[2]?.text).toMatch(/Fan error detected/);
      // One read for the empty log, three for three messages (the repeated total says the log holds 3).
      expect(messageReads(l)).toEqual([0, 0, 1, 2]);
      expect(summary(await l.client.readMessages({ limit: 2 }))).toEqual(['20@103+2', '0@102+1']);
      expect(l.sim.installation.messages.messagePending).toBe(false);
    });

    it('watchMessages: a burst of events, and more while it reads, each yielded once and in order', async () => {
      l = await openLink(kind);
      const link = l;
      const site = link.sim.installation;
      site.raiseEvent({ type: 1, srcAddr: 101, timestamp: TS - 100 }); // before the watch: not new
      const raise = (from: number, count: number): void => {
        for (let i = from; i < from + count; i++) site.raiseEvent({ type: 16 + (i % 5), srcAddr: 101 + (i % 3), timestamp: TS + i });
      };
      const watch = link.client.watchMessages();
      const taken = take(watch, 30, async (_, count) => {
        // While the first burst is being yielded, a second one arrives; a reply to another
        // request carries the pending flag.
        if (count === 3) {
          raise(20, 10);
          await link.client.getValue(XcomP.XT_BATTERY_VOLTAGE);
        }
      });
      await messageReadsReach(link, 1);
      raise(0, 20);
      await link.client.getValue(XcomP.XT_BATTERY_VOLTAGE);
      const got = await taken;
      expect(got.map((m) => m.timestamp - TS)).toEqual(Array.from({ length: 30 }, (_, i) => i));
      expect(new Set(got.map((m) => `${m.srcAddr}/${m.timestamp}/${m.type}`)).size).toBe(30);
      expect(link.client.listenerCount('flags')).toBe(0);
      // The baseline read, 21 reads down to the known message, then 11 for the second burst.
      expect(messageReads(link)).toHaveLength(1 + 21 + 11);
    });
  });
}

describe('the message log', () => {
  let rig: SimRig | undefined;
  afterEach(async () => {
    vi.useRealTimers();
    await rig?.close();
    rig = undefined;
  });

  it('ends its walk under either reading of the record count, and on a record of zeros', async () => {
    for (const messageLog of [{ total: 'remaining' as const }, { missing: 'zero-record' as const }, { total: 'remaining' as const, missing: 'zero-record' as const }]) {
      rig = await simRig({ messageLog });
      expect(await rig.client.readMessages()).toEqual([]);
      for (const i of [0, 1, 2]) rig.sim.installation.raiseEvent({ type: 16, srcAddr: 101, timestamp: TS + i });
      expect(summary(await rig.client.readMessages()), JSON.stringify(messageLog)).toEqual(['16@101+2', '16@101+1', '16@101+0']);
      expect(messageReads(rig), JSON.stringify(messageLog)).toEqual([0, 0, 1, 2]);
      await rig.close();
    }
    // A log of one: its total says 1 under either reading, so index 1 is asked and refused.
    rig = await simRig();
    rig.sim.installation.raiseEvent({ type: 16, srcAddr: 101, timestamp: TS });
    expect(summary(await rig.client.readMessages())).toEqual(['16@101+0']);
    expect(messageReads(rig)).toEqual([0, 1]);
  });

  it('refuses a bad limit or option before sending anything; other device errors are errors', async () => {
    rig = await simRig();
    for (const options of [{ limit: 0 }, { limit: 1.5 }, { limit: '3' }, { limt: 3 }, 5]) {
      await expect(rig.client.readMessages(options as never)).rejects.toBeInstanceOf(XcomValidationError);
    }
    expect(() => rig?.client.watchMessages({ intervalMs: 0 })).toThrow(XcomValidationError);
    expect(() => rig?.client.watchMessages({ onError: 1 } as never)).toThrow(XcomValidationError);
    expect(rig.sim.requests.size).toBe(0);
    const device = new ScriptedDevice();
    device.answer = (request) => errorReply(request, XcomC.ERRORS.TYPE_NOT_SUPPORTED);
    const client = new XcomClient(device.clientSide);
    await expect(client.readMessages()).rejects.toMatchObject({ code: 'TYPE_NOT_SUPPORTED' });
    await client.close();
  });

  it('watchMessages checks every intervalMs without any reply to raise the flag, and yields a duplicate key once', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    rig = await simRig();
    const site = rig.sim.installation;
    const watch = rig.client.watchMessages({ intervalMs: 5000 });
    const taken = take(watch, 3);
    await messageReadsReach(rig, 1);
    site.raiseEvent({ type: 16, srcAddr: 101, timestamp: TS });
    site.raiseEvent({ type: 16, srcAddr: 101, timestamp: TS }); // the same key: the same message for §4.6.3
    site.raiseEvent({ type: 17, srcAddr: 101, timestamp: TS });
    await vi.advanceTimersByTimeAsync(4999);
    expect(messageReads(rig)).toEqual([0]);
    await vi.advanceTimersByTimeAsync(1);
    await messageReadsReach(rig, 4);
    site.raiseEvent({ type: 18, srcAddr: 102, timestamp: TS + 1 });
    await vi.advanceTimersByTimeAsync(5000);
    expect(summary(await taken)).toEqual(['16@101+0', '17@101+0', '18@102+1']);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('an abort rejects the iteration with its reason; closing the client ends it', async () => {
    rig = await simRig();
    const controller = new AbortController();
    const reason = new Error('stop watching');
    const watch = rig.client.watchMessages({ signal: controller.signal });
    const next = watch.next();
    await messageReadsReach(rig, 1);
    controller.abort(reason);
    await expect(next).rejects.toBe(reason);
    expect(rig.client.listenerCount('flags')).toBe(0);

    const other = rig.client.watchMessages({ intervalMs: 10 });
    const pending = other.next();
    await messageReadsReach(rig, 2);
    await rig.client.close();
    await expect(pending).resolves.toEqual({ done: true, value: undefined });
  });

  it('a check the link fails is reported to onError and the watch goes on', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
    const device = new ScriptedDevice();
    const log = [{ type: 16, srcAddr: 101, timestamp: TS, value: 0 }];
    let silent = false;
    device.answer = (request) => {
      if (silent) return undefined;
      const entry = log[log.length - 1 - request.objectId];
      if (entry === undefined) return errorReply(request, XcomC.ERRORS.OBJECT_ID_NOT_FOUND);
      return encodeResponse({ flags: 0, srcAddr: 501, dstAddr: request.srcAddr, serviceId: 1, objectType: 3, objectId: request.objectId, propertyId: 0, propertyData: encodeMessageRecord({ totalCount: log.length, ...entry }) });
    };
    const client = new XcomClient(device.clientSide, { timeoutMs: 1000, retries: 0, maxConsecutiveTimeouts: 0 });
    const errors: XcomError[] = [];
    try {
      const watch = client.watchMessages({ intervalMs: 3000, onError: (e) => errors.push(e) });
      const taken = take(watch, 1);
      await vi.advanceTimersByTimeAsync(10);
      expect(device.received).toHaveLength(1);
      silent = true;
      log.push({ type: 17, srcAddr: 102, timestamp: TS + 5, value: 0 });
      await vi.advanceTimersByTimeAsync(3000 + 1000);
      expect(errors.map((e) => e.code)).toEqual(['TIMEOUT']);
      silent = false;
      await vi.advanceTimersByTimeAsync(3000);
      expect(summary(await taken)).toEqual(['17@102+5']);
    } finally {
      await client.close();
    }
  });
});
