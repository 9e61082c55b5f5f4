// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { REQUIREMENTS_HEADER } from '../protocol/constants';
import { MAX_PAYMENT_ROUNDS } from '../payer/paying-fetch';
import { createPagePayer } from './page-payer';
import { fakeBridge } from './test-bridge';

const VENDOR = 'http://vendor.test';

/** A vendor that answers 402 until `paid` says the worker's rule is in place. */
function vendor() {
  const state = { paid: false, sent: [] as string[] };
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = input instanceof Request ? input.url : String(input);
    state.sent.push(`${init?.method ?? 'GET'} ${url} ${init?.body ?? ''}`.trim());
    const response = state.paid
      ? new Response('paid', { status: 200 })
      : new Response('{"version":1}', { status: 402, headers: { [REQUIREMENTS_HEADER]: 'v1' } });
    Object.defineProperty(response, 'url', { value: url });
    return response;
  };
  return { fetch: fetch as typeof globalThis.fetch, state };
}

describe('page payer', () => {
  it('a 402 asks the worker once, with the URL and body the page got, and sends the request once more', async () => {
    const site = vendor();
    const worker = fakeBridge({
      'page.hello': () => ({ ok: true, value: {} }),
      'page.paymentRequired': () => {
        site.state.paid = true;
        return { ok: true, value: { retry: true } };
      },
      'page.settle': () => ({ ok: true, value: {} }),
    });
    const payer = createPagePayer(worker.bridge, site.fetch);
    const response = await payer.fetch(`${VENDOR}/api`, { method: 'POST', body: 'x' });
    expect(response.status).toBe(200);
    expect(site.state.sent).toEqual([`POST ${VENDOR}/api x`, `POST ${VENDOR}/api x`]);
    expect(worker.asked.map((ask) => ask.type)).toEqual(['page.hello', 'page.paymentRequired', 'page.settle']);
    expect(worker.asked[1]!.input).toEqual({ url: `${VENDOR}/api`, body: '{"version":1}' });
  });

  it('answers a nonce_conflict 403 and the 402 after it (a lost state recovered), but not a vendor that just 402s again', async () => {
    const answers = [402, 403, 402, 200];
    const sent: number[] = [];
    const fetch = (async (input: RequestInfo | URL) => {
      const status = answers[sent.length] ?? 402;
      sent.push(status);
      const response = new Response(status === 200 ? 'paid' : '{"version":1}', { status, headers: status === 200 ? {} : { [REQUIREMENTS_HEADER]: 'v1' } });
      Object.defineProperty(response, 'url', { value: String(input) });
      return response;
    }) as typeof globalThis.fetch;
    const worker = fakeBridge({
      'page.paymentRequired': () => ({ ok: true, value: { retry: true } }),
      'page.settle': () => ({ ok: true, value: {} }),
    });
    const payer = createPagePayer(worker.bridge, fetch);
    expect((await payer.fetch(`${VENDOR}/api`)).status).toBe(200);
    expect(sent).toEqual([402, 403, 402, 200]);

    // A paid retry answered 402 with no 403 around it goes back to the page: no loop.
    answers.splice(0, answers.length, 402, 402, 402);
    sent.length = 0;
    expect((await payer.fetch(`${VENDOR}/api`)).status).toBe(402);
    expect(sent).toEqual([402, 402]);
  });

  it('answers a 402 that shows held vouchers after a paid retry (a payer behind, §5.1), and the 402 after it', async () => {
    // A fresh profile signs nonce 0 as the lost one did (same atoms, so the same voucher): the
    // vendor takes it as held, finds it spent and answers voucher_spent with what it holds.
    const behind = '{"version":1,"error":{"code":"voucher_spent"},"nextNonce":"2","heldVouchers":[{"nonce":"1","atoms":"2000","signature":"0x00"}]}';
    const answers: [number, string][] = [[402, '{"version":1}'], [402, behind], [402, '{"version":1}'], [200, 'paid']];
    const sent: number[] = [];
    const fetch = (async (input: RequestInfo | URL) => {
      const [status, body] = answers[sent.length] ?? [402, '{"version":1}'];
      sent.push(status);
      const response = new Response(body, { status, headers: status === 200 ? {} : { [REQUIREMENTS_HEADER]: 'v1' } });
      Object.defineProperty(response, 'url', { value: String(input) });
      return response;
    }) as typeof globalThis.fetch;
    const bodies: string[] = [];
    const worker = fakeBridge({
      'page.paymentRequired': (input) => {
        bodies.push((input as { body: string }).body);
        return { ok: true, value: { retry: true } };
      },
      'page.settle': () => ({ ok: true, value: {} }),
    });
    const payer = createPagePayer(worker.bridge, fetch);
    expect((await payer.fetch(`${VENDOR}/api`)).status).toBe(200);
    expect(sent).toEqual([402, 402, 402, 200]);
    expect(bodies).toEqual(['{"version":1}', behind, '{"version":1}']);

    // A vendor that shows held vouchers on every answer drives no endless loop.
    answers.splice(0, answers.length, ...Array.from({ length: 20 }, () => [402, behind] as [number, string]));
    sent.length = 0;
    expect((await payer.fetch(`${VENDOR}/api`)).status).toBe(402);
    expect(sent).toHaveLength(MAX_PAYMENT_ROUNDS + 1);
  });

  it('a refusal returns the 402 as it came, sent once; parallel 402s from one vendor share one question', async () => {
    const site = vendor();
    let questions = 0;
    const worker = fakeBridge({
      'page.paymentRequired': async () => {
        questions++;
        await new Promise((resolve) => setTimeout(resolve, 5));
        return { ok: false, code: 'vendor_rejected', message: 'no' };
      },
    });
    const payer = createPagePayer(worker.bridge, site.fetch);
    const responses = await Promise.all(Array.from({ length: 20 }, () => payer.fetch(`${VENDOR}/api`)));
    expect(responses.map((response) => response.status)).toEqual(Array(20).fill(402));
    expect(site.state.sent).toHaveLength(20);
    expect(questions).toBe(1);
  });

  it('402s of requests sent before an answer share it; a request sent after it asks again', async () => {
    const site = vendor();
    let questions = 0;
    const worker = fakeBridge({
      'page.paymentRequired': () => {
        questions++;
        return { ok: false, code: 'vendor_rejected', message: 'no' };
      },
    });
    const payer = createPagePayer(worker.bridge, site.fetch);
    const sentBefore = performance.now();
    expect((await payer.pay(`${VENDOR}/a`, null)).retry).toBe(false);
    expect(questions).toBe(1);
    // A 402 that arrives late for a request that left before the decision: answered by it.
    expect((await payer.pay(`${VENDOR}/b`, null, sentBefore)).retry).toBe(false);
    expect(questions).toBe(1);
    // Another vendor, or a request sent after the decision (the user may have undone it), asks.
    await payer.pay('http://other.test/a', null, sentBefore);
    expect(questions).toBe(2);
    expect((await payer.fetch(`${VENDOR}/c`)).status).toBe(402);
    expect(questions).toBe(3);
  });

  it('asks again while the user is still deciding and after a worker that went away', async () => {
    const site = vendor();
    const replies = [
      { ok: true, value: { awaitingApproval: 'a1' } },
      { ok: false, code: 'worker_unreachable', message: 'gone' },
      { ok: true, value: { retry: true } },
    ] as const;
    let asked = 0;
    const worker = fakeBridge({
      'page.paymentRequired': () => {
        const reply = replies[asked++]!;
        if ('value' in reply && 'retry' in reply.value) site.state.paid = true;
        return reply;
      },
      'page.settle': () => ({ ok: true, value: {} }),
    });
    const response = await createPagePayer(worker.bridge, site.fetch).fetch(`${VENDOR}/api`);
    expect(response.status).toBe(200);
    expect(asked).toBe(3);
  });

  it('takes a stream\'s in-band receipt out of what the page reads and relays it with its signature', async () => {
    const stream = 'event: tick\ndata: 1\n\nevent: voucher-receipt\ndata: {"r":1}\nsignature: 0xabc\n\n';
    const fetch = (async () => {
      const response = new Response(stream, { headers: { 'content-type': 'text/event-stream' } });
      Object.defineProperty(response, 'url', { value: `${VENDOR}/stream` });
      return response;
    }) as typeof globalThis.fetch;
    const worker = fakeBridge({ 'page.streamReceipt': () => ({ ok: true, value: {} }) });
    const response = await createPagePayer(worker.bridge, fetch).fetch(`${VENDOR}/stream`);
    expect(await response.text()).toBe('event: tick\ndata: 1\n\n');
    expect(response.url).toBe(`${VENDOR}/stream`);
    expect(worker.asked.find((ask) => ask.type === 'page.streamReceipt')?.input).toEqual({
      url: `${VENDOR}/stream`,
      data: '{"r":1}',
      signature: '0xabc',
    });
  });
});
