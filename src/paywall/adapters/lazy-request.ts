import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';

/**
 * A node:http request as a Fetch Request that builds the real Request only when something needs
 * more than its method, URL and headers (a body, a clone, a signal …). Constructing a Request
 * costs an AbortSignal and a body stream, a measurable share of a warm paid request, and the
 * paywall and most handlers read the headers only. It passes `instanceof Request`: its
 * prototype is Request.prototype with the members re-pointed at the real one.
 */
interface LazyRequest {
  incoming: IncomingMessage;
  withBody: boolean;
  headersCache?: Headers;
  urlCache?: string;
  real?: Request;
}

function realRequest(self: LazyRequest): Request {
  if (self.real !== undefined) return self.real;
  const method = self.incoming.method ?? 'GET';
  const init: RequestInit & { duplex?: 'half' } = { method, headers: headersOf(self) };
  if (self.withBody && method !== 'GET' && method !== 'HEAD') {
    init.body = Readable.toWeb(self.incoming) as ReadableStream<Uint8Array>;
    init.duplex = 'half';
  }
  self.real = new Request(urlOf(self), init);
  return self.real;
}

function headersOf(self: LazyRequest): Headers {
  if (self.headersCache === undefined) {
    const headers = new Headers();
    const raw = self.incoming.rawHeaders;
    for (let i = 0; i < raw.length; i += 2) headers.append(raw[i]!, raw[i + 1]!);
    self.headersCache = headers;
  }
  return self.headersCache;
}

function urlOf(self: LazyRequest): string {
  self.urlCache ??= `http://${self.incoming.headers.host ?? 'localhost'}${self.incoming.url ?? '/'}`;
  return self.urlCache;
}

const prototype: Record<string | symbol, unknown> = {};
Object.defineProperties(prototype, {
  method: { get(this: LazyRequest) { return this.incoming.method ?? 'GET'; } },
  url: { get(this: LazyRequest) { return urlOf(this); } },
  headers: { get(this: LazyRequest) { return this.real?.headers ?? headersOf(this); } },
});
for (const name of Object.getOwnPropertyNames(Request.prototype)) {
  if (name === 'constructor' || Object.hasOwn(prototype, name)) continue;
  const descriptor = Object.getOwnPropertyDescriptor(Request.prototype, name)!;
  if (typeof descriptor.value === 'function') {
    const method = descriptor.value as (...args: unknown[]) => unknown;
    prototype[name] = function (this: LazyRequest, ...args: unknown[]) {
      return method.apply(realRequest(this), args);
    };
  } else if (descriptor.get !== undefined) {
    const get = descriptor.get;
    Object.defineProperty(prototype, name, { get(this: LazyRequest) { return get.call(realRequest(this)); } });
  }
}
Object.setPrototypeOf(prototype, Request.prototype);

export function lazyRequest(incoming: IncomingMessage, withBody: boolean): Request {
  const self: LazyRequest = Object.create(prototype);
  self.incoming = incoming;
  self.withBody = withBody;
  return self as unknown as Request;
}
