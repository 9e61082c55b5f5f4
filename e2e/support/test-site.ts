import { createServer } from 'node:http';
import { listenOnLoopback, type LoopbackServer } from '../../src/paywall/adapters/test-server';

/**
 * A tiny page server on 127.0.0.1 with a port of its own, so its pages are another origin than
 * the vendor's (and, like the vendor, on loopback, so no local-network permission is involved).
 */
export class TestSite {
  private readonly pages = new Map<string, { body: string; status: number; headers: Record<string, string> }>();
  private server: LoopbackServer | undefined;
  origin = '';

  async start(): Promise<this> {
    const server = createServer((req, res) => {
      const page = this.pages.get(new URL(req.url ?? '/', 'http://site.invalid').pathname);
      res.writeHead(page?.status ?? 404, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', ...page?.headers });
      res.end(page?.body ?? 'not found');
    });
    this.server = await listenOnLoopback(server);
    this.origin = this.server.url;
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
    await this.server?.close();
  }
}
