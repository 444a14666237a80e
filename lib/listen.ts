import type { Express } from 'express';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Node's own bounds on a connection, on every server here. Many fetches from the gateway reuse
 * each connection: keep it open between them. The headers timer must outlast it, or a connection
 * idle for 60–65 s is closed under the gateway's next request ("other side closed": seen in the
 * bench after a minute of Hive's turn). A request must arrive whole (headers and body) within
 * `requestTimeout` (Node's default is 300 s), checked every `connectionsCheckingInterval`.
 */
export const SERVER_TIMEOUTS = { keepAliveTimeout: 65_000, headersTimeout: 66_000, requestTimeout: 66_000, connectionsCheckingInterval: 5_000 };

/**
 * Listen on `host` (loopback unless told otherwise) and `port` (0 for any free port); resolves
 * with the bound port and the server. Light on imports: the hub loads it before anything heavy.
 */
export function listen(app: Express, port: number, host = '127.0.0.1'): Promise<{ port: number; httpServer: Server }> {
  return new Promise((resolve, reject) => {
    const httpServer = createServer(SERVER_TIMEOUTS, app);
    httpServer.once('error', reject);
    httpServer.listen(port, host, () => {
      httpServer.off('error', reject);
      resolve({ port: (httpServer.address() as AddressInfo).port, httpServer });
    });
  });
}

/** The address and port a server listens on, as `127.0.0.1:4001` or `[::]:4001`. */
export function boundTo(httpServer: Server): string {
  const { address, port } = httpServer.address() as AddressInfo;
  return `${address.includes(':') ? `[${address}]` : address}:${port}`;
}
