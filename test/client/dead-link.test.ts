// The dead-link rule end to end: a Moxa whose far side died accepts our TCP connection and
// never answers (no FIN, keepalive still silent). After 3 consecutive timeouts the client
// drops the connection and the next request connects again; once a live peer answers on the
// new connection, reads work again.
import { createServer, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { XcomClient } from '../../src/client/xcom-client.js';
import { XcomP } from '../../src/catalogue/index.js';
import { XcomTimeoutError } from '../../src/errors.js';
import { decodeMessage, encodeResponse, encodeValue, FrameDecoder } from '../../src/protocol/index.js';
import { TcpClientTransport } from '../../src/transport/tcp-client-transport.js';

const cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanup.length > 0) await cleanup.pop()?.();
});

describe('a blackholed TCP peer', () => {
  it('is dropped after 3 consecutive timeouts and the client reconnects', async () => {
    const sockets: Socket[] = [];
    let answering = false;
    const server = createServer((socket) => {
      sockets.push(socket);
      const decoder = new FrameDecoder();
      socket.on('data', (chunk) => {
        if (!answering) return; // the far side is dead: bytes go nowhere
        for (const frame of decoder.push(chunk)) {
          const r = decodeMessage(frame);
          const reply = { flags: 0, srcAddr: r.dstAddr, dstAddr: r.srcAddr, serviceId: r.serviceId, objectType: r.objectType, objectId: r.objectId, propertyId: r.propertyId };
          socket.write(encodeResponse({ ...reply, propertyData: encodeValue('FLOAT', 48.5) }));
        }
      });
      socket.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanup.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    cleanup.push(() => sockets.forEach((s) => s.destroy()));
    const port = (server.address() as { port: number }).port;
    const client = new XcomClient(new TcpClientTransport({ host: '127.0.0.1', port }), { timeoutMs: 100, retries: 0, quarantineMs: 0 });
    cleanup.push(() => client.close());

    for (let i = 0; i < 3; i++) {
      await expect(client.getValue(XcomP.XT_BATTERY_VOLTAGE)).rejects.toBeInstanceOf(XcomTimeoutError);
    }
    expect(client.stats.linksDropped).toBe(1);
    answering = true;
    expect(await client.getValue(XcomP.XT_BATTERY_VOLTAGE)).toBe(48.5);
    // The first connection was given up; the answer came on a second one.
    expect(sockets).toHaveLength(2);
  });
});
