import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseReceiptEventData, type Receipt } from '../protocol';
import { startVendor, type RunningVendor } from './server';
import { VoucherClient, adminView } from './testing/voucher-client';

let vendor: RunningVendor;

beforeAll(async () => {
  // The default prices and locks, as the payer of issue 13 met them.
  vendor = await startVendor({ port: 0, store: 'memory', oracle: { demoCollateral: 1_000_000_000n } });
});
afterAll(async () => vendor?.close());

const rpc = (method: string, params: unknown) => JSON.stringify({ jsonrpc: '2.0', id: 1, method, params });
const mcpInit = (body: string): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
  body,
});

describe('the vendor never serves more than was signed', () => {
  it('answers an MCP echo of 10,000 \\u0001 against one 100-atom voucher with 402 insufficient_credit and its cost', async () => {
    const client = new VoucherClient(vendor);
    const header = client.header(await client.sign(0n, 100n));
    const answer = await client.request('/mcp', header, mcpInit(rpc('tools/call', { name: 'echo', arguments: { text: '\u0001'.repeat(10_000) } })));
    expect(answer.status).toBe(402);
    expect(answer.receipt).toBeUndefined();
    expect(answer.requirements?.error.code).toBe('insufficient_credit');
    // Six bytes an escape, 60 kB at 10,000,000 atoms/GB: over 600 atoms.
    expect(answer.requirements!.prices.approxCost).toBeGreaterThan(600n);
    expect(await adminView(vendor.url, client.address)).toMatchObject({ unmarked: '0', locked: '0' });
  });

  it('after every settlement, charged cost never exceeds the atoms the client signed', async () => {
    const client = new VoucherClient(vendor);
    const mcpEcho = (length: number) => mcpInit(rpc('tools/call', { name: 'echo', arguments: { text: '\u0001'.repeat(length) } }));
    const calls: [string, RequestInit?][] = [
      ['/api/echo?q=one'],
      ['/mcp', mcpEcho(5_000)],
      ['/api/data?bytes=20000'],
      ['/mcp', mcpEcho(10_000)],
      ['/api/echo?q=two'],
      ['/api/stream?seconds=1'],
    ];
    let signed = 0n;
    let charged = 0n;
    let nonce = 0n;
    let refusals = 0;
    for (let round = 0; round < 3; round++) {
      for (const [path, init] of calls) {
        // One 150-atom voucher a request: less than some answers cost.
        const voucher = await client.sign(nonce, 150n);
        signed += 150n;
        nonce += 1n;
        const answer = await client.request(path, client.header(voucher), init);
        const receipt: Receipt | undefined = answer.receipt ?? streamReceipt(answer.text);
        if (receipt) charged += receipt.cost;
        else {
          expect(answer.status).toBe(402);
          refusals += 1;
        }
        const view = await adminView(vendor.url, client.address);
        const unspent = BigInt((view.credit as { unspent: string }).unspent);
        expect(BigInt(view.unmarked as string)).toBeLessThanOrEqual(unspent);
        expect(charged).toBeLessThanOrEqual(signed);
        expect(view.locked).toBe('0');
      }
    }
    expect(refusals).toBeGreaterThan(0);
    expect(charged).toBeGreaterThan(0n);
  });
});

function streamReceipt(text: string): Receipt | undefined {
  const match = /event: voucher-receipt\ndata: (.*)\n\n$/.exec(text);
  return match ? parseReceiptEventData(match[1]!) : undefined;
}

describe('GET /mcp, the MCP standalone stream', () => {
  it('is answered 405 at once, with Allow, instead of held open', async () => {
    const response = await fetch(`${vendor.url}/mcp`, { headers: { accept: 'text/event-stream' } });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toContain('POST');
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect((await response.json()).error.code).toBe('app_method_not_allowed');
  });

  it('gives its memory back after 1,000 of them', async () => {
    const gc = (globalThis as { gc?: () => void }).gc;
    const heap = () => {
      gc!();
      return process.memoryUsage().heapUsed;
    };
    const get = () =>
      new Promise<number>((resolve, reject) => {
        const request = httpRequest(`${vendor.url}/mcp`, { headers: { accept: 'text/event-stream' }, agent: false }, (response) => {
          response.resume();
          response.on('end', () => resolve(response.statusCode!));
        });
        request.on('error', reject);
        request.end();
      });
    await get();
    const baseline = heap();
    // vitest.config.ts runs workers with --expose-gc, so this measures live memory.
    expect(typeof gc).toBe('function');
    for (let batch = 0; batch < 10; batch++) {
      const statuses = await Promise.all(Array.from({ length: 100 }, get));
      expect(statuses.every((status) => status === 405)).toBe(true);
    }
    await expect.poll(() => vendor.openConnections(), { timeout: 5_000 }).toBe(0);
    // The held streams took 40–60 MB; what is left after collection is noise.
    expect(heap() - baseline).toBeLessThan(5_000_000);
  });
});

describe('discovery', () => {
  it('says every paid route is charged by time and data, as the paywall charges them', async () => {
    const document = (await (await fetch(`${vendor.url}/.well-known/voucher-payment`)).json()) as { routes: { path: string; charge: string }[] };
    expect(document.routes.map((route) => route.path)).toEqual(['/api/echo', '/api/data', '/api/stream', '/mcp']);
    expect(document.routes.every((route) => route.charge === 'time+data')).toBe(true);
  });
});

/**
 * A payer as §5 and §7.1 describe it, for one vendor: every request carries the vouchers not yet
 * acknowledged (at most 16), a 402 without Retry-After signs one more voucher, and one with it (when
 * `followRetryAfter`) waits until another request of this payer finishes instead (a condition, not
 * a timer). Counts round trips.
 */
class SpecPayer {
  readonly vouchers: Awaited<ReturnType<VoucherClient['sign']>>[] = [];
  acknowledged = -1;
  trips = 0;
  private completed = 0;
  private finished: (() => void)[] = [];

  constructor(
    private readonly client: VoucherClient,
    private readonly voucherAtoms: bigint,
    private readonly followRetryAfter: boolean,
  ) {}

  private header(): string | undefined {
    if (this.vouchers.length === 0) return undefined;
    const from = Math.max(this.acknowledged + 1, this.vouchers.length - 16);
    return this.client.header(...this.vouchers.slice(Math.min(from, this.vouchers.length - 1)));
  }

  private async signNext(): Promise<void> {
    this.vouchers.push(await this.client.sign(BigInt(this.vouchers.length), this.voucherAtoms));
  }

  /** Resolves once a request of this payer has finished after `since` (at once if one already did). */
  private anotherFinishes(since: number): Promise<void> {
    if (this.completed > since) return Promise.resolve();
    return new Promise((resolve) => this.finished.push(resolve));
  }

  async get(path: string): Promise<void> {
    for (;;) {
      this.trips += 1;
      const signedBefore = this.vouchers.length;
      const completedBefore = this.completed;
      const answer = await this.client.request(path, this.header());
      if (answer.status === 200) {
        this.acknowledged = Math.max(this.acknowledged, Number(answer.receipt!.lastNonce));
        this.completed += 1;
        for (const wake of this.finished.splice(0)) wake();
        return;
      }
      expect(answer.status).toBe(402);
      const { code } = answer.requirements!.error;
      if (code === 'nonce_gap') {
        // The vendor holds everything below nextNonce: resend from there (§5).
        this.acknowledged = Math.max(this.acknowledged, Number(answer.requirements!.nextNonce) - 1);
        continue;
      }
      if (this.followRetryAfter && answer.headers.get('retry-after') !== null) {
        await this.anotherFinishes(completedBefore);
        continue;
      }
      // Another request may have signed meanwhile: the payer that waits signs only if none did; the
      // one that ignores Retry-After signs for every refusal, as the 402 alone suggests.
      const unacknowledged = this.vouchers.length - 1 - this.acknowledged;
      if (unacknowledged >= 16) await this.anotherFinishes(completedBefore);
      else if (!this.followRetryAfter || this.vouchers.length === signedBefore) await this.signNext();
    }
  }
}

describe('Retry-After on a 402 whose credit is locked by requests in flight', () => {
  const parallel = async (followRetryAfter: boolean) => {
    const payer = new SpecPayer(new VoucherClient(vendor), 50n, followRetryAfter);
    // Each echo locks 100 atoms: about two 50-atom vouchers.
    await Promise.all(Array.from({ length: 50 }, (_, index) => payer.get(`/api/echo?q=${index}`)));
    return { trips: payer.trips, vouchers: payer.vouchers.length };
  };

  it('lets 50 parallel requests needing two vouchers each finish in a bounded number of round trips', async () => {
    const waiting = await parallel(true);
    const signing = await parallel(false);
    // 1 + 2 + … + 50 = 1,275 is what a payer that retries each refusal in turn can cost. Waiting
    // costs about the same round trips as signing on every refusal, and signs a fraction of the vouchers.
    expect(waiting.trips).toBeLessThanOrEqual(3 * 50);
    expect(waiting.vouchers).toBeLessThan(signing.vouchers);
  });
});

describe('application errors', () => {
  it('are app_ codes, never payment codes, and carry no x-voucher-required', async () => {
    const missing = await fetch(`${vendor.url}/no/such/route`);
    expect(missing.status).toBe(404);
    expect((await missing.json()).error.code).toBe('app_not_found');
    const bad = await fetch(`${vendor.url}/api/data?bytes=lots`);
    expect(bad.status).toBe(400);
    expect(bad.headers.get('x-voucher-required')).toBeNull();
    expect((await bad.json()).error.code).toBe('app_invalid_parameter');
  });
});
