import {
  encodeReceiptEvent,
  encodeReceiptHeader,
  parseVoucherHeader,
  VOUCHER_HEADER,
  type Receipt,
  type SignedVoucher,
} from '../protocol';
import { credit, paymentRequiredResponse, requirements, vendorKey } from './test-fixtures';

/**
 * A scripted vendor behind a fetch function, for payer unit tests: it keeps the client's
 * vouchers in nonce order like the engine (contiguous, identical on resend), charges a fixed
 * cost per request and answers 402 with requirements, or 200 with a receipt. With `holdMs`, an
 * admitted request locks `approxCost` for up to that long before it settles, and a refusal that
 * waiting would cover carries Retry-After, as the paywall does (§7.1).
 */
export class FakeVendor {
  readonly vouchers: SignedVoucher[] = [];
  readonly calls: { url: string; headers: Headers; body: Uint8Array | null }[] = [];
  charged = 0n;
  receipts = 0;
  /** Charged per request, as that many bytes at 1 atom a byte. */
  costPerRequest = 10n;
  /** Atoms charged on top of the usage, to test the overcharge guard. */
  overcharge = 0n;
  approxCost = 100n;
  suggestedVoucherAtoms = 1_000n;
  /** Longest time an admitted request holds its lock; 0: it settles at once. */
  holdMs = 0;
  locked = 0n;
  /** 402s sent with Retry-After. */
  retryAfters = 0;

  readonly fetch = async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const request = new Request(input, init);
    const body = request.body ? new Uint8Array(await request.arrayBuffer()) : null;
    this.calls.push({ url: request.url, headers: request.headers, body });
    await new Promise((resolve) => setTimeout(resolve, Math.random() * 3));
    return this.answer(request);
  };

  private async answer(request: Request): Promise<Response> {
    const raw = request.headers.get(VOUCHER_HEADER);
    if (raw === null) return this.refuse('payment_required', 0n);
    for (const voucher of parseVoucherHeader(raw).vouchers) {
      const held = this.vouchers[Number(voucher.nonce)];
      if (held) {
        if (held.signature !== voucher.signature || held.atoms !== voucher.atoms) {
          return new Response('{"error":{"code":"nonce_conflict"}}', { status: 403 });
        }
      } else if (voucher.nonce === BigInt(this.vouchers.length)) {
        this.vouchers.push(voucher);
      } else {
        return this.refuse('nonce_gap', BigInt(this.vouchers.length));
      }
    }
    if (this.available() < this.approxCost) return this.refuse('insufficient_credit', BigInt(this.vouchers.length));
    if (this.holdMs > 0) {
      this.locked += this.approxCost;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * this.holdMs));
      this.locked -= this.approxCost;
    }
    this.charged += this.costPerRequest + this.overcharge;
    this.receipts += 1;
    const paid = this.receipt();
    const url = new URL(request.url);
    if (url.pathname === '/stream') {
      const text = `event: tick\ndata: 1\n\nevent: tick\ndata: 2\n\n${encodeReceiptEvent(paid)}`;
      return new Response(text, { headers: { 'content-type': 'text/event-stream' } });
    }
    return new Response(JSON.stringify({ echo: url.searchParams.get('q') }), {
      headers: { 'content-type': 'application/json', 'x-voucher-receipt': encodeReceiptHeader(paid) },
    });
  }

  available(): bigint {
    return this.unspentLessCharged() - this.locked;
  }

  private unspentLessCharged(): bigint {
    return this.vouchers.reduce((sum, v) => sum + v.atoms, 0n) - this.charged;
  }

  receipt(): Receipt {
    return {
      vendor: vendorKey.vendor,
      client: vendorKey.client,
      cost: this.costPerRequest + this.overcharge,
      nonce: BigInt(Math.max(0, this.vouchers.length - 1)),
      lastNonce: BigInt(this.vouchers.length - 1),
      serviceTxRef: `q-${this.receipts}`,
      usage: { elapsedMs: 0n, bytes: this.costPerRequest },
      credit: { ...credit(this.available()), unspent: this.unspentLessCharged(), locked: this.locked },
    };
  }

  private refuse(code: 'payment_required' | 'nonce_gap' | 'insufficient_credit', nextNonce: bigint): Response {
    const settled = this.unspentLessCharged();
    const available = this.available() > 0n ? this.available() : 0n;
    const response = paymentRequiredResponse(
      requirements({
        error: { code, message: code },
        nextNonce,
        suggestedVoucherAtoms: this.suggestedVoucherAtoms,
        prices: { atomsPerHour: 0n, atomsPerGB: 1_000_000_000n, approxCost: this.approxCost },
        ...(this.vouchers.length > 0 ? { credit: { ...credit(available), unspent: settled, locked: this.locked } } : {}),
      }),
    );
    if (code === 'insufficient_credit' && this.locked > 0n && settled >= this.approxCost) {
      this.retryAfters += 1;
      response.headers.set('retry-after', '1');
    }
    return response;
  }
}
