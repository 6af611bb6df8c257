/**
 * The exporter's HTTP server. Its peers are untrusted (it may listen on every interface): it
 * answers only `GET` (and `HEAD`) of `/metrics` and `/`, takes no request body, bounds the
 * request line and headers, the time a request may take, the time an idle connection stays
 * open, and the number of connections.
 * @module
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ListenAddress } from './listen-address.js';

/** A response body and its content type. */
export interface Page {
  /** The body. */
  readonly body: string;
  /** Its content type. */
  readonly contentType: string;
}

/** The bounds of the server. */
export interface ServerLimits {
  /** Connections open at once; more are refused (default 16). */
  readonly maxConnections: number;
  /** Bytes of request line and headers (default 8 KiB). */
  readonly maxHeaderBytes: number;
  /** Milliseconds a request may take to arrive whole (default 10 000). */
  readonly requestTimeoutMs: number;
  /** Milliseconds an idle keep-alive connection stays open (default 5000). */
  readonly keepAliveMs: number;
}

/** The default bounds. */
export const DEFAULT_LIMITS: ServerLimits = { maxConnections: 16, maxHeaderBytes: 8 * 1024, requestTimeoutMs: 10_000, keepAliveMs: 5_000 };

/** Options of {@link startMetricsServer}. */
export interface MetricsServerOptions {
  /** Where to listen. */
  readonly listen: ListenAddress;
  /** The bounds. */
  readonly limits: ServerLimits;
  /** The answer to `GET /metrics`. */
  readonly metrics: () => Promise<Page>;
  /** The answer to `GET /`. */
  readonly index: () => Page;
}

/** A listening server. */
export interface MetricsServer {
  /** The address bound (the port chosen when 0 was asked). */
  readonly address: ListenAddress;
  /** Closes the server and every connection; idempotent. */
  close(): Promise<void>;
}

const MAX_URL = 1024;
const HEADERS = { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' } as const;

/** A page as bytes, ready to send (and to share between responses). */
interface Encoded {
  readonly body: Buffer;
  readonly contentType: string;
}

const encode = (page: Page): Encoded => ({ body: Buffer.from(page.body, 'utf8'), contentType: page.contentType });

function send(req: IncomingMessage, res: ServerResponse, status: number, page: Page | Encoded, extra: Record<string, string> = {}): void {
  const body = typeof page.body === 'string' ? Buffer.from(page.body, 'utf8') : page.body;
  res.writeHead(status, { ...HEADERS, ...extra, 'Content-Type': page.contentType, 'Content-Length': body.length });
  res.end(req.method === 'HEAD' ? undefined : body);
}

const text = (body: string): Page => ({ body: `${body}\n`, contentType: 'text/plain; charset=utf-8' });

/** Starts the server; resolves once it listens, rejects when it cannot (the port is taken). */
export async function startMetricsServer(options: MetricsServerOptions): Promise<MetricsServer> {
  const { limits } = options;
  const server = createServer(
    {
      maxHeaderSize: limits.maxHeaderBytes,
      requestTimeout: limits.requestTimeoutMs,
      headersTimeout: Math.min(limits.requestTimeoutMs, 5_000),
      keepAliveTimeout: limits.keepAliveMs,
      // Node enforces the two timeouts above only when it checks its connections (every 30 s by default).
      connectionsCheckingInterval: Math.max(10, Math.min(1000, Math.floor(limits.requestTimeoutMs / 4))),
    },
    (req, res) => void handle(req, res),
  );
  server.maxConnections = limits.maxConnections;
  server.maxRequestsPerSocket = 100;
  // A connection that sends nothing for this long is closed, whatever it is doing.
  server.timeout = limits.requestTimeoutMs + limits.keepAliveMs;

  // Requests that arrive together (pipelined on one connection, or from several scrapers at
  // once) share one rendering and its bytes: else a few kilobytes of pipelined GETs made the
  // exporter render the page and hold a copy of it once per request.
  let rendering: Promise<Encoded> | undefined;
  const metrics = (): Promise<Encoded> =>
    (rendering ??= Promise.resolve()
      .then(() => options.metrics())
      .then(encode)
      .finally(() => {
        rendering = undefined;
      }));

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const close = { Connection: 'close' };
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(req, res, 405, text('only GET'), { ...close, Allow: 'GET, HEAD' });
    const length = req.headers['content-length'];
    if (req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0')) return send(req, res, 413, text('no request body'), close);
    const url = req.url ?? '/';
    if (url.length > MAX_URL) return send(req, res, 414, text('URL too long'), close);
    const path = url.split('?')[0];
    try {
      if (path === '/metrics') return send(req, res, 200, await metrics());
      if (path === '/') return send(req, res, 200, options.index());
    } catch {
      return send(req, res, 500, text('the metrics could not be rendered'));
    }
    return send(req, res, 404, text('not found: the metrics are at /metrics'));
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.listen.port, options.listen.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    address: { host: bound.address, port: bound.port },
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      })),
  };
}
