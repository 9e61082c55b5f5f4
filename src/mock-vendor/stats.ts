import type { Address } from 'viem';

export interface ClientStats {
  requests: number;
  charged: bigint;
  /** 402 answers (and nonce_conflict 403s with held vouchers) to requests whose voucher header named this client. */
  paymentRequired: number;
}

/**
 * Atoms charged per client by this vendor process, and the 402s it sent (with the nonce_conflict
 * 403s that carry payment requirements, §5.1), so tests can compare them with receipts and prove
 * how often a payer met a 402.
 */
export class ChargeStats {
  private readonly clients = new Map<string, ClientStats>();
  private paymentRequired = 0;
  private readonly paymentRequiredCodes: Record<string, number> = {};

  private entry(client: Address): ClientStats {
    const key = client.toLowerCase();
    let stats = this.clients.get(key);
    if (stats === undefined) {
      stats = { requests: 0, charged: 0n, paymentRequired: 0 };
      this.clients.set(key, stats);
    }
    return stats;
  }

  record(client: Address, cost: bigint): void {
    const stats = this.entry(client);
    stats.requests += 1;
    stats.charged += cost;
  }

  /** Atoms of a whole answer given back because the client went away before it was all written. */
  recordCredit(client: Address, atoms: bigint): void {
    this.entry(client).charged -= atoms;
  }

  /** A 402 (or a nonce_conflict 403 with held vouchers) sent for `code`; `client` when the request's voucher header named one. */
  recordPaymentRequired(code: string, client: Address | undefined): void {
    this.paymentRequired += 1;
    this.paymentRequiredCodes[code] = (this.paymentRequiredCodes[code] ?? 0) + 1;
    if (client !== undefined) this.entry(client).paymentRequired += 1;
  }

  snapshot(): {
    clients: Record<string, ClientStats>;
    totalCharged: bigint;
    totalRequests: number;
    paymentRequired: number;
    paymentRequiredCodes: Record<string, number>;
  } {
    let totalCharged = 0n;
    let totalRequests = 0;
    const clients: Record<string, ClientStats> = {};
    for (const [key, stats] of this.clients) {
      totalCharged += stats.charged;
      totalRequests += stats.requests;
      clients[key] = { ...stats };
    }
    return { clients, totalCharged, totalRequests, paymentRequired: this.paymentRequired, paymentRequiredCodes: { ...this.paymentRequiredCodes } };
  }
}
