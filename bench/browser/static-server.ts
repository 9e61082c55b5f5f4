import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PageBundles } from './bundle';

/**
 * The benchmark's own origin on loopback: a blank page that loads the page bundles, and the
 * bundles themselves. Pages here are ordinary http pages, so the extension's content scripts
 * run in them and they call the vendor cross-origin, as a web app would.
 */
export interface StaticServer {
  origin: string;
  /** The blank page; `?signer` / `?store` add the bundles. */
  pageUrl(...bundles: (keyof PageBundles)[]): string;
  close(): Promise<void>;
}

const PAGE = (scripts: string[]) =>
  `<!doctype html><html><head><meta charset="utf-8"><title>bench</title>${scripts
    .map((name) => `<script src="/${name}.js"></script>`)
    .join('')}</head><body>bench</body></html>`;

export async function startStaticServer(bundles: PageBundles): Promise<StaticServer> {
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://bench.invalid');
    const script = /^\/(signer|store)\.js$/.exec(url.pathname)?.[1] as keyof PageBundles | undefined;
    if (script) {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'max-age=3600' });
      res.end(bundles[script]);
    } else if (url.pathname === '/bench.html') {
      const wanted = (['signer', 'store'] as const).filter((name) => url.searchParams.has(name));
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(PAGE(wanted));
    } else if (url.pathname === '/ping') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('pong');
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    pageUrl: (...names) => `${origin}/bench.html${names.length ? `?${names.join('&')}` : ''}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
