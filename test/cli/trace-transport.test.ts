// `--verb 3` wraps the link in a TracingTransport: tracing must not change what is written.
import { connect } from 'node:net';
import { afterEach, expect, it } from 'vitest';
import { XcomP } from '../../src/catalogue/index.js';
import { TracingTransport } from '../../src/cli/trace-transport.js';
import { XcomClient } from '../../src/client/index.js';
import { decodeMessage, FrameDecoder } from '../../src/protocol/index.js';
import { TcpServerTransport } from '../../src/transport/tcp-server-transport.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

it('through the tracer, an attempt abandoned while the link is not up is never written', async () => {
  const link = new TcpServerTransport({ port: 0, host: '127.0.0.1' });
  const controller = new AbortController();
  const lines: string[] = [];
  const traced = new TracingTransport(link, (line) => {
    lines.push(line);
    // The write's frame is now with the link, which waits for the Moxa: abandon it there.
    if (lines.length === 1) queueMicrotask(() => controller.abort());
  });
  const client = new XcomClient(traced, { retries: 0 });
  cleanups.push(() => client.close());
  await client.open();

  const write = client.setValue(XcomP.SMART_BOOST_LIMIT, 100, { signal: controller.signal });
  await expect(write).rejects.toMatchObject({ name: 'AbortError' });
  const read = client.getValue(XcomP.BATT_SOC).catch((e: unknown) => e);

  // The Moxa connects now: only the read may arrive, and it comes after anything written late.
  const seen: string[] = [];
  const decoder = new FrameDecoder();
  const socket = connect(link.localPort ?? 0, '127.0.0.1');
  cleanups.push(() => {
    socket.destroy();
  });
  await new Promise<void>((resolve) => {
    socket.on('data', (bytes: Buffer) => {
      for (const frame of decoder.push(bytes)) {
        const message = decodeMessage(frame);
        seen.push(`${message.serviceId}/${message.objectId}`);
        if (message.objectId === XcomP.BATT_SOC.id) resolve();
      }
    });
  });
  expect(seen).toEqual([`1/${XcomP.BATT_SOC.id}`]);
  expect(lines.map((line) => line.slice(0, 1))).toEqual(['>', '!', '>']);
  expect(lines[1]).toMatch(/^! not sent: .*abort/i);
  await client.close();
  expect(await read).toMatchObject({ code: 'CLOSED' });
});
