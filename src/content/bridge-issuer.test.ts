import { describe, expect, it } from 'vitest';
import type { PaymentChallenge } from '../payer/paying-fetch';
import { APPROVAL_POLL_MS, APPROVAL_WAIT_MS, createBridgeIssuer, HELLO_WAIT_MS, TRANSIENT_RETRY_MS } from './bridge-issuer';
import { fakeBridge } from './test-bridge';

const VENDOR = 'http://vendor.test';
const header = (nonce: bigint) => ({ vendorOrigin: VENDOR, header: `v1.n${nonce}`, newestNonce: nonce });
const request = { at: 0, method: 'GET', url: `${VENDOR}/api`, headersSummary: {}, stream: false, protocol: 'http' as const };

function challenge(overrides: Partial<PaymentChallenge> = {}): PaymentChallenge {
  return { url: `${VENDOR}/api`, vendorOrigin: VENDOR, body: '{}', sent: null, clientTxRef: 'ref', durationMs: 3, request, signal: undefined, ...overrides };
}

/** A clock moved only by the issuer's own sleeps; records them. */
function clock() {
  let time = 0;
  const slept: number[] = [];
  return { now: () => time, sleep: async (ms: number) => void (slept.push(ms), (time += ms)), slept };
}

describe('bridge issuer', () => {
  it('says hello once the port arrives, not before, and serves the headers it got', async () => {
    const worker = fakeBridge({ 'page.hello': () => ({ ok: true, value: { vendors: [header(2n)] } }) }, false);
    const never = () => new Promise<void>(() => undefined); // the hello timeout does not fire here
    const issuer = createBridgeIssuer(worker.bridge, { sleep: never });
    expect(worker.asked).toEqual([]);
    const pending = issuer.currentHeader(VENDOR);
    worker.connect();
    expect(await pending).toEqual(header(2n));
    expect(worker.asked.map((ask) => ask.type)).toEqual(['page.hello']);
    expect(issuer.currentHeader('http://other.test')).toBeNull();
  });

  it('lets requests go without headers when no hello comes within its wait', async () => {
    const worker = fakeBridge({}, false);
    const time = clock();
    const issuer = createBridgeIssuer(worker.bridge, time);
    expect(await issuer.currentHeader(VENDOR)).toBeNull();
    expect(time.slept).toEqual([HELLO_WAIT_MS]);
  });

  it('pays a 402 with the worker\'s header, echoing the nonce it was sent, and caches it', async () => {
    const worker = fakeBridge({
      'page.hello': () => ({ ok: true, value: { vendors: [] } }),
      'page.paymentRequired': () => ({ ok: true, value: { paid: header(4n) } }),
    });
    const issuer = createBridgeIssuer(worker.bridge, clock());
    expect(await issuer.paymentRequired(challenge({ sent: header(3n) }))).toEqual({ ok: true, header: 'v1.n4' });
    expect(worker.asked[1]!.input).toMatchObject({ url: `${VENDOR}/api`, status: 402, sentNewestNonce: 3n, clientTxRef: 'ref', durationMs: 3, request });
    expect(issuer.currentHeader(VENDOR)).toEqual(header(4n));
  });

  it('polls while the user decides, and rides out a worker that died mid-answer', async () => {
    const replies = [
      { ok: true, value: { awaitingApproval: 'a1' } },
      { ok: false, code: 'worker_unreachable', message: 'gone' },
      { ok: true, value: { awaitingApproval: 'a1' } },
      { ok: true, value: { paid: header(0n) } },
    ] as const;
    let index = 0;
    const worker = fakeBridge({ 'page.hello': () => ({ ok: true, value: { vendors: [] } }), 'page.paymentRequired': () => replies[index++]! });
    const time = clock();
    const issuer = createBridgeIssuer(worker.bridge, time);
    expect(await issuer.paymentRequired(challenge())).toEqual({ ok: true, header: 'v1.n0' });
    expect(time.slept.filter((ms) => ms !== HELLO_WAIT_MS)).toEqual([APPROVAL_POLL_MS, TRANSIENT_RETRY_MS, APPROVAL_POLL_MS]);
  });

  it('gives up on an approval nobody decides, and passes on a refusal', async () => {
    const pending = fakeBridge({ 'page.hello': () => ({ ok: true, value: { vendors: [] } }), 'page.paymentRequired': () => ({ ok: true, value: { awaitingApproval: 'a1' } }) });
    const time = clock();
    const answer = await createBridgeIssuer(pending.bridge, time).paymentRequired(challenge());
    expect(answer).toMatchObject({ ok: false, failure: { code: 'approval_timeout' } });
    // One poll a second for the approval's lifetime, then it stops.
    expect(time.now()).toBeGreaterThanOrEqual(APPROVAL_WAIT_MS);
    expect(time.slept.filter((ms) => ms === APPROVAL_POLL_MS).length).toBeLessThanOrEqual(APPROVAL_WAIT_MS / APPROVAL_POLL_MS + 1);

    const refused = fakeBridge({ 'page.paymentRequired': () => ({ ok: false, code: 'vendor_rejected', message: 'declined' }) });
    expect(await createBridgeIssuer(refused.bridge, clock()).paymentRequired(challenge())).toEqual({
      ok: false,
      failure: { code: 'vendor_rejected', message: 'declined' },
    });
  });

  it('stops polling when the page aborts the request', async () => {
    const worker = fakeBridge({ 'page.paymentRequired': () => ({ ok: true, value: { awaitingApproval: 'a1' } }) });
    const controller = new AbortController();
    const time = clock();
    const issuer = createBridgeIssuer(worker.bridge, { now: time.now, sleep: async (ms) => (await time.sleep(ms), controller.abort()) });
    await expect(issuer.paymentRequired(challenge({ signal: controller.signal }))).rejects.toThrow();
    expect(worker.asked.filter((ask) => ask.type === 'page.paymentRequired')).toHaveLength(1);
  });

  it('drops every cached header when the worker says so', async () => {
    const worker = fakeBridge({ 'page.hello': () => ({ ok: true, value: { vendors: [header(1n)] } }) });
    const issuer = createBridgeIssuer(worker.bridge, clock());
    expect(await issuer.currentHeader(VENDOR)).toEqual(header(1n));
    worker.forgetHeaders();
    expect(await issuer.currentHeader(VENDOR)).toBeNull();
  });
});
