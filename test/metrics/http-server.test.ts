// The exporter's HTTP server treats its peers as untrusted: only GET (and HEAD) of /metrics
// and /, no request body, bounded request line and headers, bounded time to send a request,
// a cap on connections. Raw sockets, so that nothing a client library adds gets in the way.
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, type MetricsServer, type ServerLimits, startMetricsServer } from '../../src/metrics/http-server.js';
import { DEFAULT_LISTEN, hostPort, parseListenAddress } from '../../src/metrics/listen-address.js';
import { XcomValidationError } from '../../src/errors.js';

const METRICS = '# HELP xcom_up x\n# TYPE xcom_up gauge\nxcom_up 1\n';

/** What a raw exchange got: everything the server sent before it closed the connection. */
function exchange(port: number, request: string | readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let got = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (got += chunk));
    socket.once('error', reject);
    socket.once('close', () => resolve(got));
    for (const part of typeof request === 'string' ? [request] : request) socket.write(part);
  });
}

const statusOf = (response: string): number => Number(/^HTTP\/1\.1 (\d{3})/.exec(response)?.[1]);

describe('the metrics HTTP server', () => {
  let server: MetricsServer | undefined;
  const sockets: Socket[] = [];
  afterEach(async () => {
    for (const s of sockets.splice(0)) s.destroy();
    await server?.close();
    server = undefined;
  });

  async function start(limits: Partial<ServerLimits> = {}, metrics: () => Promise<string> = async () => METRICS): Promise<number> {
    server = await startMetricsServer({
      listen: { host: '127.0.0.1', port: 0 },
      limits: { ...DEFAULT_LIMITS, ...limits },
      metrics: async () => ({ body: await metrics(), contentType: 'text/plain; version=0.0.4; charset=utf-8' }),
      index: () => ({ body: '<p>hi</p>', contentType: 'text/html; charset=utf-8' }),
    });
    return server.address.port;
  }

  it('answers GET /metrics, GET /, HEAD, and a query string', async () => {
    const port = await start();
    const metrics = await exchange(port, 'GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(statusOf(metrics)).toBe(200);
    expect(metrics).toMatch(/\r\ncontent-type: text\/plain; version=0\.0\.4; charset=utf-8\r\n/i);
    expect(metrics).toMatch(/\r\ncache-control: no-store\r\n/i);
    expect(metrics.endsWith(`\r\n\r\n${METRICS}`)).toBe(true);
    expect(statusOf(await exchange(port, 'GET /metrics?name[]=xcom_up HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'))).toBe(200);
    expect(await exchange(port, 'GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')).toMatch(/<p>hi<\/p>$/);
    const head = await exchange(port, 'HEAD /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(statusOf(head)).toBe(200);
    expect(head).toMatch(new RegExp(`\\r\\ncontent-length: ${METRICS.length}\\r\\n`, 'i'));
    expect(head.endsWith('\r\n\r\n')).toBe(true);
  });

  it('refuses other methods, other paths, request bodies and long URLs', async () => {
    const port = await start();
    const post = await exchange(port, 'POST /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n');
    expect(statusOf(post)).toBe(405);
    expect(post).toMatch(/\r\nallow: GET, HEAD\r\n/i);
    expect(statusOf(await exchange(port, 'GET /admin HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'))).toBe(404);
    expect(statusOf(await exchange(port, 'GET /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello'))).toBe(413);
    expect(statusOf(await exchange(port, 'GET /metrics HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n'))).toBe(413);
    expect(statusOf(await exchange(port, `GET /metrics?${'a'.repeat(2000)} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`))).toBe(414);
  });

  it('refuses headers over the limit and garbage', async () => {
    const port = await start({ maxHeaderBytes: 1024 });
    expect(statusOf(await exchange(port, `GET /metrics HTTP/1.1\r\nHost: x\r\nX-Big: ${'b'.repeat(4000)}\r\n\r\n`))).toBe(431);
    expect(statusOf(await exchange(port, 'NOT HTTP AT ALL\r\n\r\n'))).toBe(400);
  });

  it('closes a connection whose request never ends', async () => {
    const port = await start({ requestTimeoutMs: 200 });
    // Headers that never finish (a slowloris): the server ends the connection by itself.
    const response = await exchange(port, 'GET /metrics HTTP/1.1\r\nHost: x\r\nX-Slow: 1\r\n');
    expect(response === '' || statusOf(response) === 408).toBe(true);
  });

  it('caps the connections open at once', async () => {
    const port = await start({ maxConnections: 2 });
    for (let i = 0; i < 2; i++) {
      const socket = connect(port, '127.0.0.1');
      sockets.push(socket);
      await new Promise((resolve) => socket.once('connect', resolve));
    }
    // Give the server the time to count them: a request on a held connection is answered.
    const held = sockets[0]!;
    held.write('GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n');
    await new Promise((resolve) => held.once('data', resolve));
    // A third is closed at once, without an answer.
    expect(await exchange(port, 'GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')).toBe('');
    // Once one is closed, a new connection is served again (as soon as the server has seen the close).
    sockets.shift()?.destroy();
    let answer = '';
    for (let attempt = 0; attempt < 100 && answer === ''; attempt++) {
      answer = await exchange(port, 'GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
      if (answer === '') await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(statusOf(answer)).toBe(200);
  });

  it('renders once for requests that arrive together (pipelined): a few bytes sent do not cost a rendering each', async () => {
    let renders = 0;
    const port = await start({}, async () => {
      renders++;
      return METRICS;
    });
    const count = 50;
    const pipelined = 'GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n'.repeat(count - 1) + 'GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n';
    const answer = await exchange(port, pipelined);
    expect(answer.split(METRICS).length - 1).toBe(count);
    expect(answer.match(/^HTTP\/1\.1 200 /gm)).toHaveLength(count);
    expect(renders).toBe(1);
    // A later request gets a rendering of its own: nothing is kept between scrapes.
    expect(statusOf(await exchange(port, 'GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'))).toBe(200);
    expect(renders).toBe(2);
  });

  it('answers 500 when the metrics cannot be rendered, and goes on', async () => {
    let fail = true;
    const port = await start({}, async () => {
      if (fail) throw new Error('boom');
      return METRICS;
    });
    const failed = await exchange(port, 'GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(statusOf(failed)).toBe(500);
    expect(failed).not.toMatch(/boom/);
    fail = false;
    expect(statusOf(await exchange(port, 'GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'))).toBe(200);
  });

  it('close() ends the connections still open', async () => {
    const port = await start();
    const socket = connect(port, '127.0.0.1');
    sockets.push(socket);
    await new Promise((resolve) => socket.once('connect', resolve));
    const closed = new Promise((resolve) => socket.once('close', resolve));
    await server?.close();
    await closed;
    server = undefined;
  });
});

describe('the listen address', () => {
  it('is loopback by default, and for a port alone', () => {
    expect(parseListenAddress(DEFAULT_LISTEN)).toEqual({ host: '127.0.0.1', port: 9464 });
    expect(parseListenAddress(9464)).toEqual({ host: '127.0.0.1', port: 9464 });
    expect(parseListenAddress(' 9100 ')).toEqual({ host: '127.0.0.1', port: 9100 });
  });

  it('is another address only when named', () => {
    expect(parseListenAddress('0.0.0.0:9464')).toEqual({ host: '0.0.0.0', port: 9464 });
    expect(parseListenAddress('[::1]:9464')).toEqual({ host: '::1', port: 9464 });
    expect(parseListenAddress('[::]:0')).toEqual({ host: '::', port: 0 });
    expect(parseListenAddress('localhost:9464')).toEqual({ host: 'localhost', port: 9464 });
    expect(hostPort({ host: '::1', port: 9464 })).toBe('[::1]:9464');
    expect(hostPort({ host: '127.0.0.1', port: 9464 })).toBe('127.0.0.1:9464');
  });

  it('refuses an empty host, a bad port, a bad host', () => {
    for (const bad of [':9464', '[]:9464', '127.0.0.1:', '127.0.0.1:65536', '127.0.0.1:-1', '::1:9464', '[127.0.0.1]:9464', 'a b:9464', 'host', '', -1, 70000]) {
      expect(() => parseListenAddress(bad as string), String(bad)).toThrow(XcomValidationError);
    }
    expect(() => parseListenAddress(':9464')).toThrow(/0\.0\.0\.0:9464 \(every interface\)/);
  });

  it('refuses an abbreviated IPv4 address, which would listen on every interface', () => {
    for (const bad of ['0:9464', '0.0:9464', '2130706433:9464', '127.1:9464']) {
      expect(() => parseListenAddress(bad), bad).toThrow(/abbreviated IPv4 address/);
    }
  });
});
