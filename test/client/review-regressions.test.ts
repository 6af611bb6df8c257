// Regressions found in review: an aborted request must never reach the wire later, a format
// that contradicts the catalogue must not be sent, a throwing 'flags' listener must not cost
// the reply, and a second close() must wait for the first.
import { connect } from 'node:net';
import { afterEach, expect, it } from 'vitest';
import { XcomP } from '../../src/catalogue/index.js';
import { XcomClient } from '../../src/client/index.js';
import { XcomC } from '../../src/constants.js';
import { XcomValidationError } from '../../src/errors.js';
import { decodeMessage, FrameDecoder } from '../../src/protocol/index.js';
import { MemoryTransport } from '../../src/transport/memory-transport.js';
import { TcpServerTransport } from '../../src/transport/tcp-server-transport.js';
import { floatReply, ScriptedDevice } from './scripted-device.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

it('an aborted write that waited for the Moxa is never written once it connects', async () => {
  const transport = new TcpServerTransport({ port: 0, host: '127.0.0.1' });
  const client = new XcomClient(transport, { timeoutMs: 300, retries: 0 });
  cleanups.push(() => client.close());
  await client.open();
  const controller = new AbortController();
  const write = client.setValue(XcomP.SMART_BOOST_LIMIT, 100, { signal: controller.signal });
  await new Promise((r) => setTimeout(r, 20));
  controller.abort();
  await expect(write).rejects.toMatchObject({ name: 'AbortError' });
  const read = client.getValue(XcomP.BATT_SOC).catch((e: unknown) => e);
  // The Moxa connects now: only the read may arrive.
  const seen: string[] = [];
  const decoder = new FrameDecoder();
  const socket = connect(transport.localPort as number, '127.0.0.1');
  cleanups.push(() => {
    socket.destroy();
  });
  const first = new Promise<void>((resolve) => {
    socket.on('data', (bytes: Buffer) => {
      for (const f of decoder.push(bytes)) {
        const m = decodeMessage(f);
        seen.push(`${m.serviceId}/${m.objectId}`);
      }
      resolve();
    });
  });
  await first;
  await read;
  expect(seen).toEqual([`1/${XcomP.BATT_SOC.id}`]);
});

it('refuses a format or a property that contradicts the catalogue, before sending', async () => {
  const device = new ScriptedDevice();
  const client = new XcomClient(device.clientSide);
  cleanups.push(() => client.close());
  const refused = [
    () => client.setValueByID(1107, 'INT32', 30, { dstAddr: 101 }), // 1107 is a FLOAT
    () => client.setValueByID(1107, 'SHORT_ENUM', 30),
    () => client.getValueByID(1107, 'INT32'),
    () => client.setValue(XcomP.MAX_CURR_AC_SOURCE, 0x20, { propertyId: XcomC.QSP_LEVEL }), // a SHORT_ENUM property
    () => client.getValue(XcomP.MAX_CURR_AC_SOURCE, { propertyId: XcomC.QSP_LEVEL }),
    () => client.getValue(XcomP.XT_BATTERY_VOLTAGE, { propertyId: XcomC.QSP_VALUE }), // infos have no property 5
  ];
  for (const run of refused) {
    const error = await run().catch((e: unknown) => e);
    expect(error, String(run)).toBeInstanceOf(XcomValidationError);
  }
  expect(device.received).toHaveLength(0);
  // The level stays reachable where its format is named.
  device.answer = (r) => floatReply(r, 0);
  await expect(client.readProperty({ dstAddr: 101, objectType: 2, objectId: 1107, propertyId: XcomC.QSP_LEVEL, format: 'FLOAT' })).resolves.toBe(0);
});

it('a throwing flags listener does not cost the reply', async () => {
  const device = new ScriptedDevice();
  device.answer = (r) => floatReply(r, 42);
  const client = new XcomClient(device.clientSide, { timeoutMs: 200, retries: 0 });
  cleanups.push(() => client.close());
  client.on('flags', () => {
    throw new Error('a bug in the listener');
  });
  const uncaught: unknown[] = [];
  const listeners = process.listeners('uncaughtException');
  process.removeAllListeners('uncaughtException');
  process.on('uncaughtException', (e) => uncaught.push(e));
  cleanups.push(() => {
    process.removeAllListeners('uncaughtException');
    for (const l of listeners) process.on('uncaughtException', l);
  });
  expect(await client.getValue(XcomP.BATT_SOC)).toBe(42);
  await new Promise((r) => setImmediate(r));
  expect(String(uncaught[0])).toMatch(/a bug in the listener/);
});

it('a second close() resolves only when the transport is closed', async () => {
  const [a] = MemoryTransport.pair();
  const realClose = a.close.bind(a);
  a.close = async () => {
    await new Promise((r) => setTimeout(r, 50));
    await realClose();
  };
  const client = new XcomClient(a);
  await client.open();
  void client.close();
  await client.close();
  expect(a.isOpen).toBe(false);
});
