import { parseRequirements, ProtocolParseError } from '../protocol';
import { PayerError } from './errors';
import type { PaymentIssuer, VendorHeader } from './paying-fetch';
import type { VendorKey } from './vendor-key';
import { retryAfterMs } from './receipt-waiters';
import { newestNonceOfHeader, type VoucherIssuer } from './voucher-issuer';

export interface LocalIssuerOptions {
  issuer: VoucherIssuer;
  /** The one vendor origin this client pays; requests elsewhere pass through unless they get a 402. */
  vendorOrigin: string;
  /** The vendor's key, once known; the first paid 402 sets it. */
  key: { get(): VendorKey | null; set(key: VendorKey): void };
}

/**
 * The issuer of a Node client: signs in this process with the VoucherIssuer. A refusal is thrown
 * (a typed PayerError), so the caller of createHttpClient sees why; the paying fetch records it.
 */
export function createLocalIssuer({ issuer, vendorOrigin, key }: LocalIssuerOptions): PaymentIssuer {
  return {
    paysVendorAt: (origin) => origin === vendorOrigin,
    async currentHeader(origin): Promise<VendorHeader | null> {
      const known = key.get();
      if (origin !== vendorOrigin || !known) return null;
      const header = await issuer.currentHeader(known);
      return header === null ? null : { vendorOrigin, header, newestNonce: newestNonceOfHeader(header)! };
    },
    async paymentRequired(challenge) {
      let requirements;
      try {
        requirements = parseRequirements(challenge.body);
      } catch (error) {
        if (!(error instanceof ProtocolParseError)) throw error;
        throw new PayerError('malformed_requirements', error.message, { field: error.field }, { cause: error });
      }
      const known = key.get();
      const waitMs = retryAfterMs(challenge.retryAfter);
      const decision = await issuer.onPaymentRequired(requirements, {
        sentNewestNonce: challenge.sent?.newestNonce ?? null,
        ...(known ? { key: known } : {}),
        ...(waitMs !== undefined ? { retryAfterMs: waitMs } : {}),
        ...(challenge.signal ? { signal: challenge.signal } : {}),
      });
      if (!decision.ok) throw decision.error;
      if (!known) key.set(decision.key);
      return { ok: true, header: decision.header, newestNonce: decision.newestNonce };
    },
  };
}
