import { describe, expect, it, vi } from 'vitest';
import { CLIENT_TX_REF_HEADER, RECEIPT_HEADER, REQUIREMENTS_HEADER, VOUCHER_HEADER } from '../protocol/constants';
import { createPayingFetch, type ChallengeAnswer, type PaymentChallenge, type PaymentRecorder, type VendorHeader } from './paying-fetch';

const VENDOR = 'http://vendor.test';

/** A vendor answering each call from a list; remembers what it was sent. */
function vendor(...answers: (() => Response)[]) {
  const calls: { url: string; headers: Headers; body: string | null }[] = [];
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    calls.push({ url: request.url, headers: request.headers, body: request.body ? await request.text() : null });
    const answer = answers.shift();
    if (!answer) throw new TypeError('connection refused');
    return answer();
  }) as typeof globalThis.fetch;
  return { fetch, calls };
}

const challenge = () => new Response('{"requirements":1}', { status: 402, headers: { [REQUIREMENTS_HEADER]: 'v1' } });
const ok = (body = 'ok', headers: Record<string, string> = {}) => () => new Response(body, { status: 200, headers });

function issuer(options: { header?: VendorHeader; answer?: ChallengeAnswer | Error } = {}) {
  const asked: PaymentChallenge[] = [];
  return {
    asked,
    currentHeader: (origin: string) => (origin === VENDOR ? (options.header ?? null) : null),
    async paymentRequired(challenged: PaymentChallenge): Promise<ChallengeAnswer> {
      asked.push(challenged);
      if (options.answer instanceof Error) throw options.answer;
      return options.answer ?? { ok: true, header: 'v1.paid' };
    },
  };
}

function recorder() {
  const calls: [string, string, unknown][] = [];
  const recording: PaymentRecorder = {
    start: (ref, _origin, request) => void calls.push(['start', ref, request.method]),
    challenged: (ref) => void calls.push(['challenged', ref, null]),
    note: (ref, part) => void calls.push(['note', ref, part]),
  };
  return { calls, recording };
}

const held: VendorHeader = { vendorOrigin: VENDOR, header: 'v1.held', newestNonce: 3n };
let clock = 0;
const now = () => (clock += 5);

describe('createPayingFetch', () => {
  it('passes a request to a vendor it knows nothing of through untouched and unrecorded', async () => {
    const { fetch, calls } = vendor(ok());
    const { calls: recorded, recording } = recorder();
    const paying = createPayingFetch({ fetch, issuer: issuer(), recorder: recording, now });
    expect(await (await paying(`${VENDOR}/free`)).text()).toBe('ok');
    expect(calls[0]!.headers.has(VOUCHER_HEADER)).toBe(false);
    expect(recorded).toEqual([]);
  });

  it('attaches the held header and records request, response and end as one note', async () => {
    const { fetch, calls } = vendor(ok('paid', { [RECEIPT_HEADER]: 'r1', 'content-length': '4' }));
    const { calls: recorded, recording } = recorder();
    const paying = createPayingFetch({ fetch, issuer: issuer({ header: held }), recorder: recording, now });
    await paying(`${VENDOR}/api`, { headers: { [CLIENT_TX_REF_HEADER]: 'mine' } });
    expect(calls[0]!.headers.get(VOUCHER_HEADER)).toBe('v1.held');
    expect(recorded).toEqual([
      ['start', 'mine', 'GET'],
      ['note', 'mine', { response: { status: 200, durationMs: 5, stream: false }, receipt: { source: 'header', value: 'r1', elapsedMs: 5, bytes: 4 }, end: {} }],
    ]);
  });

  it('answers this protocol\'s 402 by asking the issuer once and retrying with its header, body and all', async () => {
    const { fetch, calls } = vendor(challenge, ok());
    const { calls: recorded, recording } = recorder();
    const payer = issuer({ header: held });
    const paying = createPayingFetch({ fetch, issuer: payer, recorder: recording, now });
    const response = await paying(new Request(`${VENDOR}/api`, { method: 'POST', body: '{"q":1}' }));
    expect(response.status).toBe(200);
    expect(calls.map((call) => [call.headers.get(VOUCHER_HEADER), call.body])).toEqual([
      ['v1.held', '{"q":1}'],
      ['v1.paid', '{"q":1}'],
    ]);
    expect(payer.asked).toHaveLength(1);
    expect(payer.asked[0]).toMatchObject({ url: `${VENDOR}/api`, vendorOrigin: VENDOR, body: '{"requirements":1}', sent: held });
    expect(recorded.map(([step]) => step)).toEqual(['start', 'challenged', 'note']);
  });

  it('records a request to an unknown vendor only once its 402 shows it is this protocol\'s', async () => {
    const { fetch } = vendor(challenge, ok());
    const { calls: recorded, recording } = recorder();
    const payer = issuer();
    await createPayingFetch({ fetch, issuer: payer, recorder: recording, now })(`${VENDOR}/api`);
    expect(payer.asked[0]!.sent).toBeNull();
    expect(recorded.map(([step]) => step)).toEqual(['challenged', 'note']);
  });

  it('leaves another scheme\'s 402 alone', async () => {
    const { fetch, calls } = vendor(() => new Response('pay elsewhere', { status: 402 }));
    const payer = issuer();
    const response = await createPayingFetch({ fetch, issuer: payer, recorder: recorder().recording, now })(`${VENDOR}/api`);
    expect(response.status).toBe(402);
    expect(calls).toHaveLength(1);
    expect(payer.asked).toHaveLength(0);
  });

  it('returns the 402 when the issuer refuses, recording why', async () => {
    const { fetch, calls } = vendor(challenge);
    const { calls: recorded, recording } = recorder();
    const answer: ChallengeAnswer = { ok: false, failure: { code: 'vendor_rejected', message: 'no' } };
    const response = await createPayingFetch({ fetch, issuer: issuer({ answer }), recorder: recording, now })(`${VENDOR}/api`);
    expect(response.status).toBe(402);
    expect(calls).toHaveLength(1);
    expect(recorded.at(-1)![2]).toMatchObject({ response: { status: 402 }, end: { error: { code: 'vendor_rejected' } } });
  });

  it('records and rethrows an issuer that throws a typed error', async () => {
    const { fetch } = vendor(challenge);
    const { calls: recorded, recording } = recorder();
    const failure = Object.assign(new Error('over budget'), { code: 'budget_exhausted' });
    await expect(createPayingFetch({ fetch, issuer: issuer({ answer: failure }), recorder: recording, now })(`${VENDOR}/api`)).rejects.toBe(failure);
    expect(recorded.at(-1)![2]).toMatchObject({ end: { error: { code: 'budget_exhausted', message: 'over budget' } } });
  });

  it('retries exactly once: a second 402 goes back as second_payment_required', async () => {
    const { fetch, calls } = vendor(challenge, challenge, ok());
    const { calls: recorded, recording } = recorder();
    const response = await createPayingFetch({ fetch, issuer: issuer(), recorder: recording, now })(`${VENDOR}/api`);
    expect(response.status).toBe(402);
    expect(calls).toHaveLength(2);
    expect(recorded.at(-1)![2]).toMatchObject({ end: { error: { code: 'second_payment_required' } } });
  });

  it('answers a paid retry\'s 402 that shows held vouchers (a payer behind, §5.1) once more', async () => {
    const behind = () =>
      new Response('{"error":{"code":"voucher_spent"},"heldVouchers":[{"nonce":"1"}]}', { status: 402, headers: { [REQUIREMENTS_HEADER]: 'v1' } });
    const { fetch, calls } = vendor(challenge, behind, ok());
    const paying = issuer({ answer: { ok: true, header: 'v1.paid', newestNonce: 0n } });
    const response = await createPayingFetch({ fetch, issuer: paying, recorder: recorder().recording, now })(`${VENDOR}/api`);
    expect(response.status).toBe(200);
    expect(calls).toHaveLength(3);
    expect(paying.asked.map((asked) => asked.body)).toEqual(['{"requirements":1}', '{"error":{"code":"voucher_spent"},"heldVouchers":[{"nonce":"1"}]}']);
  });

  it('sends a streamed body once and returns its 402 (the caller retries), unless told to buffer it', async () => {
    const stream = () => new Blob(['chunk']).stream();
    const once = vendor(challenge, ok());
    const payer = issuer();
    const response = await createPayingFetch({ fetch: once.fetch, issuer: payer, recorder: recorder().recording, now })(`${VENDOR}/up`, {
      method: 'POST',
      body: stream(),
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(402);
    expect(once.calls).toHaveLength(1);
    expect(payer.asked).toHaveLength(1); // the worker is still asked, so the caller's retry carries the header

    const buffered = vendor(challenge, ok());
    const bufferStream = async (body: ReadableStream) => new Uint8Array(await new Response(body).arrayBuffer());
    const paying = createPayingFetch({ fetch: buffered.fetch, issuer: issuer(), recorder: recorder().recording, now, bufferStream });
    expect((await paying(`${VENDOR}/up`, { method: 'POST', body: stream(), duplex: 'half' } as RequestInit)).status).toBe(200);
    expect(buffered.calls.map((call) => call.body)).toEqual(['chunk', 'chunk']);
  });

  it('takes a stream\'s in-band receipt out of the body and records it, then the end', async () => {
    const sse = 'event: tick\ndata: 1\n\nevent: voucher-receipt\ndata: r-sse\n\n';
    const { fetch } = vendor(ok(sse, { 'content-type': 'text/event-stream' }));
    const { calls: recorded, recording } = recorder();
    const response = await createPayingFetch({ fetch, issuer: issuer({ header: held }), recorder: recording, now })(`${VENDOR}/s`);
    expect(response.url).toBe('');
    expect(await response.text()).toBe('event: tick\ndata: 1\n\n');
    const parts = recorded.filter(([step]) => step === 'note').map(([, , part]) => part);
    expect(parts).toEqual([
      { response: { status: 200, durationMs: 5, stream: true } },
      { receipt: { source: 'sse', value: 'r-sse', elapsedMs: expect.any(Number) } },
      { end: {} },
    ]);
  });

  it('records a network failure of a vendor request and rethrows it', async () => {
    const { fetch } = vendor();
    const { calls: recorded, recording } = recorder();
    await expect(createPayingFetch({ fetch, issuer: issuer({ header: held }), recorder: recording, now })(`${VENDOR}/api`)).rejects.toThrow(
      'connection refused',
    );
    expect(recorded.at(-1)![2]).toMatchObject({ end: { error: { code: 'network_error' } } });
  });

  it('leaves non-http(s) and unparseable URLs to the platform fetch', async () => {
    const { fetch, calls } = vendor(ok(), ok());
    const payer = issuer({ header: held });
    const paying = createPayingFetch({ fetch, issuer: payer, recorder: recorder().recording, now });
    await paying('data:text/plain,hi');
    expect(calls[0]!.headers.has(VOUCHER_HEADER)).toBe(false);
  });
});

describe('createPayingFetch: recording is bookkeeping', () => {
  it('a recorder that throws never fails the request', async () => {
    const { fetch } = vendor(ok());
    const broken: PaymentRecorder = {
      start: () => Promise.reject(new Error('disk full')),
      challenged: () => undefined,
      note: () => {
        throw new Error('disk full');
      },
    };
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const response = await createPayingFetch({ fetch, issuer: issuer({ header: held }), recorder: broken, now })(`${VENDOR}/api`);
    expect(await response.text()).toBe('ok');
    expect(warn).toHaveBeenCalledTimes(2);
    warn.mockRestore();
  });
});
