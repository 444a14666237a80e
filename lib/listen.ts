import type { Express } from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Listen on `port` (0 for any free port); resolves with the bound port and a stop function. */
export function listen(app: Express, port: number, host = '0.0.0.0'): Promise<{ port: number; httpServer: Server }> {
  return new Promise((resolve, reject) => {
    const httpServer = app.listen(port, host, (error?: Error) => {
      if (error) reject(error);
      else resolve({ port: (httpServer.address() as AddressInfo).port, httpServer });
    });
    // Many fetches from the gateway reuse each connection: keep it open between them. The
    // headers timer must outlast it, or a connection idle for 60–65 s is closed under the
    // gateway's next request ("other side closed": seen in the bench after a minute of Hive's turn).
    httpServer.keepAliveTimeout = 65_000;
    httpServer.headersTimeout = 66_000;
  });
}
