// MAIN world: XMLHttpRequest over the page's paying fetch, so a 402 → approval → retry is as
// transparent for XHR (and axios' default adapter) as for fetch.
import type { PagePayer } from './page-payer';

type Body = Document | XMLHttpRequestBodyInit | null | undefined;

/**
 * An XMLHttpRequest whose asynchronous http(s) requests go through the page's fetch: the page
 * sees one request with one answer (the paid retry, when a 402 was paid), with XHR's events and
 * fields. Synchronous requests and `responseType = "document"` use the browser's own XHR
 * unchanged (a synchronous request cannot wait for an approval; the header rule still pays it once
 * the vendor is approved). `instanceof XMLHttpRequest` still holds.
 */
export function pagingXhrClass(Native: typeof XMLHttpRequest, payer: PagePayer): typeof XMLHttpRequest {
  class PagingXMLHttpRequest extends Native {
    #open: [string, string, boolean, (string | null)?, (string | null)?] | null = null;
    #headers: [string, string][] = [];
    #native = false;
    #state = 0;
    #status = 0;
    #statusText = '';
    #url = '';
    #response: Headers | null = null;
    #body: unknown = null;
    #text = '';
    #abort: AbortController | null = null;

    override open(method: string, url: string | URL, async = true, user?: string | null, password?: string | null): void {
      this.#abort?.abort();
      this.#open = [method, String(url), async !== false, user, password];
      this.#headers = [];
      this.#native = false;
      this.#reset(1);
      this.#fire('readystatechange');
    }

    override setRequestHeader(name: string, value: string): void {
      if (this.#native || !this.#open) return super.setRequestHeader(name, value);
      this.#headers.push([name, value]);
    }

    override send(body?: Body): void {
      const opened = this.#open;
      if (!opened) return super.send(body);
      const [method, url, async, user, password] = opened;
      const target = new URL(url, location.href);
      if (!async || user != null || password != null || this.responseType === 'document' || !/^https?:$/.test(target.protocol)) {
        this.#native = true;
        super.open(method, url, async, user, password);
        for (const [name, value] of this.#headers) super.setRequestHeader(name, value);
        return super.send(body);
      }
      void this.#run(method, target.href, body);
    }

    async #run(method: string, url: string, body: Body): Promise<void> {
      const abort = (this.#abort = new AbortController());
      const timeout = this.timeout > 0 ? setTimeout(() => abort.abort('timeout'), this.timeout) : undefined;
      this.#fire('loadstart');
      try {
        const init: RequestInit = {
          method,
          headers: this.#headers,
          credentials: this.withCredentials ? 'include' : 'same-origin',
          signal: abort.signal,
        };
        if (body != null && method !== 'GET' && method !== 'HEAD') init.body = body instanceof Document ? new XMLSerializer().serializeToString(body) : body;
        const response = await payer.fetch(url, init);
        if (abort !== this.#abort) return;
        this.#status = response.status;
        this.#statusText = response.statusText;
        this.#url = response.url;
        this.#response = response.headers;
        this.#state = 2;
        this.#fire('readystatechange');
        const type = this.responseType;
        if (type === 'arraybuffer') this.#body = await response.arrayBuffer();
        else if (type === 'blob') this.#body = await response.blob();
        else {
          this.#text = await response.text();
          this.#body = type === 'json' ? parseJson(this.#text) : this.#text;
        }
        if (abort !== this.#abort) return;
        this.#state = 3;
        this.#fire('readystatechange');
        this.#state = 4;
        this.#fire('readystatechange');
        this.#fire('load');
      } catch {
        if (abort !== this.#abort) return;
        const reason = abort.signal.aborted ? (abort.signal.reason === 'timeout' ? 'timeout' : 'abort') : 'error';
        this.#reset(4);
        this.#fire('readystatechange');
        this.#fire(reason);
      } finally {
        clearTimeout(timeout);
      }
      if (abort === this.#abort) this.#fire('loadend');
    }

    override abort(): void {
      if (this.#native) return super.abort();
      this.#abort?.abort();
    }

    #reset(state: number): void {
      this.#state = state;
      this.#status = 0;
      this.#statusText = '';
      this.#response = null;
      this.#body = null;
      this.#text = '';
    }

    #fire(type: string): void {
      this.dispatchEvent(type === 'readystatechange' ? new Event(type) : new ProgressEvent(type));
    }

    override get readyState(): number {
      return this.#native ? super.readyState : this.#state;
    }
    override get status(): number {
      return this.#native ? super.status : this.#status;
    }
    override get statusText(): string {
      return this.#native ? super.statusText : this.#statusText;
    }
    override get responseURL(): string {
      return this.#native ? super.responseURL : this.#url;
    }
    override get response(): unknown {
      return this.#native ? super.response : this.#state === 4 ? this.#body : null;
    }
    override get responseText(): string {
      return this.#native ? super.responseText : this.#text;
    }
    override getResponseHeader(name: string): string | null {
      return this.#native ? super.getResponseHeader(name) : (this.#response?.get(name) ?? null);
    }
    override getAllResponseHeaders(): string {
      if (this.#native) return super.getAllResponseHeaders();
      let all = '';
      this.#response?.forEach((value, name) => (all += `${name}: ${value}\r\n`));
      return all;
    }
  }
  return PagingXMLHttpRequest;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
