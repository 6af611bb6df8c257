/**
 * Finding a free TCP port, so a listener can be closed and reopened on the same port.
 * @module
 */
import { createServer } from 'node:net';

/** A TCP port on `host` that is free right now (the system picks it). */
export function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen({ port: 0, host }, () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
