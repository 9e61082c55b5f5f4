import { evaluateIn, type AnyPage } from './evaluate';

export interface SeriesResponse {
  status: number;
  /** The x-voucher-receipt header as the page reads it (null: the wallet keeps receipts). */
  receipt: string | null;
  bytes: number;
}

/**
 * `count` fetches from the page's own script, one after the other, each body read to the end. A
 * `{i}` in `url` becomes the request's index; `pauseMs` is a page busy with other work between
 * calls; the series ends early after a response with status `stopAt`.
 */
export function fetchInSeries(page: AnyPage, url: string, options: { count: number; pauseMs?: number; stopAt?: number }): Promise<SeriesResponse[]> {
  return evaluateIn(
    page,
    async ({ url, count, pauseMs, stopAt }) => {
      const out: { status: number; receipt: string | null; bytes: number }[] = [];
      for (let i = 0; i < count; i++) {
        const response = await fetch(url.replaceAll('{i}', String(i)));
        out.push({ status: response.status, receipt: response.headers.get('x-voucher-receipt'), bytes: (await response.arrayBuffer()).byteLength });
        if (response.status === stopAt) break;
        if (pauseMs > 0) await new Promise((resolve) => setTimeout(resolve, pauseMs));
      }
      return out;
    },
    { url, count: options.count, pauseMs: options.pauseMs ?? 0, stopAt: options.stopAt ?? 0 },
  );
}
