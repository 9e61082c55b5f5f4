import { expect } from '@playwright/test';
import type { Address } from 'viem';
import { settledRecords } from '../assertions';
import { evaluateIn, type AnyPage } from '../evaluate';
import type { VendorProcess } from '../vendor-process';

// Scenario 15 (e2e/15-every-request.spec.ts, e2e/firefox/15-every-request.firefox.ts): XHR and
// EventSource are paid like fetch. The page's scripts and every check after the approval are one
// copy for both browsers; the approval is each driver's own.

/** What axios' XHR adapter does with a request (lib/adapters/xhr.js, reduced to what a wallet meets). */
export function axiosLike(page: AnyPage, config: { method: string; url: string; data?: string }) {
  return evaluateIn(
    page,
    (config) =>
      new Promise<{ status: number; statusText: string; data: string; headers: string }>((resolve, reject) => {
        let request: XMLHttpRequest | null = new XMLHttpRequest();
        request.open(config.method.toUpperCase(), config.url, true);
        request.timeout = 30_000;
        const onloadend = () => {
          if (!request) return;
          resolve({ status: request.status, statusText: request.statusText, data: request.responseText, headers: request.getAllResponseHeaders() });
          request = null;
        };
        if ('onloadend' in request) request.onloadend = onloadend;
        else (request as XMLHttpRequest).onreadystatechange = () => request?.readyState === 4 && setTimeout(onloadend);
        request.onerror = () => reject(new Error('Network Error'));
        request.ontimeout = () => reject(new Error('timeout'));
        request.setRequestHeader('Accept', 'application/json, text/plain, */*');
        if (config.data !== undefined) request.setRequestHeader('Content-Type', 'application/json');
        request.send(config.data ?? null);
      }),
    config,
  );
}

export type AxiosAnswer = Awaited<ReturnType<typeof axiosLike>>;

/** The first request, an axios-style XHR started with `axiosLike(demo, { method: 'get', url: XHR_FIRST })`. */
export const XHR_FIRST = '/api/echo?q=axios-first';

/** After the first XHR was approved and answered: it and two more XHRs (axios-style and plain) are paid, each like fetch. */
export async function xhrPaidLikeFetch(answered: AxiosAnswer, demo: AnyPage, walletPage: AnyPage, vendor: VendorProcess, address: Address): Promise<void> {
  expect(answered).toMatchObject({ status: 200, statusText: 'OK' });
  expect(JSON.parse(answered.data)).toMatchObject({ echo: 'axios-first' });
  expect(answered.headers).toMatch(/^content-type: application\/json/m);
  expect(answered.headers).not.toMatch(/^x-voucher-receipt:/m);

  const data = await axiosLike(demo, { method: 'get', url: '/api/data?bytes=2000' });
  expect(data.status).toBe(200);
  expect(data.data).toHaveLength(2000);
  const plain = await evaluateIn(
    demo,
    () =>
      new Promise<{ status: number; echo: string; states: number[]; events: string[]; isXhr: boolean }>((resolve) => {
        const request = new XMLHttpRequest();
        const states: number[] = [];
        const events: string[] = [];
        request.onreadystatechange = () => states.push(request.readyState);
        for (const type of ['loadstart', 'load', 'loadend']) request.addEventListener(type, () => events.push(type));
        request.open('GET', '/api/echo?q=plain');
        request.responseType = 'json';
        request.onload = () =>
          setTimeout(() => resolve({ status: request.status, echo: (request.response as { echo: string }).echo, states, events, isXhr: request instanceof XMLHttpRequest }));
        request.send();
      }),
    undefined,
  );
  expect(plain).toEqual({ status: 200, echo: 'plain', states: [1, 2, 3, 4], events: ['loadstart', 'load', 'loadend'], isXhr: true });

  // The vendor was asked to pay once (the first request), and charged three paid requests.
  expect((await vendor.paymentRequired(address)).total).toBe(1);
  expect((await vendor.charged(address)).requests).toBe(3);
  const records = await settledRecords(walletPage, 3);
  expect(records.every((record) => record.status === 'paid')).toBe(true);
}

/** Opens an EventSource on the vendor's stream and reads it until the vendor closes it: the ticks read, the states seen on open. */
export function listenToStream(page: AnyPage): Promise<{ ticks: number[]; states: number[] }> {
  return evaluateIn(
    page,
    () =>
      new Promise<{ ticks: number[]; states: number[] }>((resolve) => {
        const source = new EventSource('/api/stream?seconds=1');
        const ticks: number[] = [];
        const states: number[] = [];
        source.onopen = () => states.push(source.readyState);
        source.addEventListener('tick', (event) => ticks.push(JSON.parse((event as MessageEvent<string>).data).tick));
        source.addEventListener('voucher-receipt', () => ticks.push(-1)); // never: the wallet takes it
        // The vendor closes the stream after its last event; EventSource would reconnect.
        source.onerror = () => {
          source.close();
          resolve({ ticks, states });
        };
      }),
    undefined,
  );
}

/** After the first EventSource was approved (`first`, from listenToStream): it and a second one read every event, both paid as streams. */
export async function eventSourcesPaid(first: ReturnType<typeof listenToStream>, demo: AnyPage, walletPage: AnyPage, vendor: VendorProcess, address: Address): Promise<void> {
  expect(await first).toEqual({ ticks: [1, 2, 3, 4, 5], states: [1] });
  expect(await listenToStream(demo)).toEqual({ ticks: [1, 2, 3, 4, 5], states: [1] });
  const records = await settledRecords(walletPage, 2);
  expect(records.map((record) => [record.status, record.stream])).toEqual([
    ['paid', true],
    ['paid', true],
  ]);
  expect((await vendor.charged(address)).charged).toBe(records.reduce((sum, record) => sum + record.payment!.cost, 0n));
  expect((await vendor.charged(address)).requests).toBe(2);
}
