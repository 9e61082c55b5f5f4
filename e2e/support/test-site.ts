import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A tiny page server on 127.0.0.1 with a port of its own, so its pages are another origin than
 * the vendor's (and, like the vendor, on loopback, so no local-network permission is involved).
 */
export class TestSite {
  private readonly pages = new Map<string, { body: string; status: number; headers: Record<string, string> }>();
  private server: Server | undefined;
  origin = '';

  async start(): Promise<this> {
    const server = createServer((req, res) => {
      const page = this.pages.get(new URL(req.url ?? '/', 'http://site.invalid').pathname);
      res.writeHead(page?.status ?? 404, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', ...page?.headers });
      res.end(page?.body ?? 'not found');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.server = server;
    this.origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return this;
  }

  /** Serves `html` at `path` and returns its URL. */
  page(path: string, html: string): string {
    return this.answer(path, { body: html, status: 200, headers: {} });
  }

  /** Serves this answer at `path` (any status and headers) and returns its URL. */
  answer(path: string, answer: { body: string; status: number; headers: Record<string, string> }): string {
    this.pages.set(path, answer);
    return `${this.origin}${path}`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
