import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LoopbackServer {
  url: string;
  close(): Promise<void>;
  /** Bytes written (headers included) by the server's socket to the client's `port`, once that socket closed. */
  writtenTo(port: number): number | undefined;
}

/** Listens on 127.0.0.1 on a free port; resolves the base URL and a close that cuts open connections. */
export async function listenOnLoopback(server: Server): Promise<LoopbackServer> {
  const written = new Map<number, number>();
  server.on('connection', (socket) => {
    const port = socket.remotePort;
    socket.once('close', () => {
      if (port !== undefined) written.set(port, socket.bytesWritten);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    writtenTo: (port) => written.get(port),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
