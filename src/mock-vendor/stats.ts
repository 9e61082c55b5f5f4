import type { Address } from 'viem';

export interface ClientStats {
  requests: number;
  charged: bigint;
}

/** Atoms charged per client by this vendor process, so tests can compare them with receipts. */
export class ChargeStats {
  private readonly clients = new Map<string, ClientStats>();

  record(client: Address, cost: bigint): void {
    const key = client.toLowerCase();
    const stats = this.clients.get(key) ?? { requests: 0, charged: 0n };
    this.clients.set(key, { requests: stats.requests + 1, charged: stats.charged + cost });
  }

  snapshot(): { clients: Record<string, ClientStats>; totalCharged: bigint; totalRequests: number } {
    let totalCharged = 0n;
    let totalRequests = 0;
    for (const stats of this.clients.values()) {
      totalCharged += stats.charged;
      totalRequests += stats.requests;
    }
    return { clients: Object.fromEntries(this.clients), totalCharged, totalRequests };
  }
}
