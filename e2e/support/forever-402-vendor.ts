import { createServer } from 'node:http';
import { listenOnLoopback, type LoopbackServer } from '../../src/paywall/adapters/test-server';
import type { Address } from 'viem';
import { encodeRequirements, type PaymentRequirements } from '../../src/protocol';

/** A vendor address made up for one answer. */
export function inventedAddress(): Address {
  return `0x${Array.from({ length: 40 }, () => Math.floor(Math.random() * 16).toString(16)).join('')}` as Address;
}

/**
 * A vendor written for the hostile tests: it answers every request with this protocol's 402
 * (never serving anything), with CORS for any page, and serves a discovery document naming
 * `identity`. With `invent`, every 402 names a vendor address made up for it.
 */
export class Forever402Vendor {
  private server: LoopbackServer | undefined;
  origin = '';
  /** Requests it answered, by path. */
  readonly seen: string[] = [];

  constructor(
    readonly identity: { vendor: Address; verifyingContract: Address },
    private readonly options: { invent?: boolean } = {},
  ) {}

  requirements(vendor: Address = this.identity.vendor): PaymentRequirements {
    return {
      version: 1,
      error: { code: 'payment_required', message: 'pay me' },
      vendor,
      chainId: 31337n,
      verifyingContract: this.identity.verifyingContract,
      asset: { symbol: 'USDC', decimals: 6 },
      prices: { atomsPerHour: 3_600_000n, atomsPerGB: 10_000_000n, approxCost: 100n },
      nextNonce: 0n,
      suggestedVoucherAtoms: 10_000n,
    };
  }

  async start(): Promise<this> {
    const server = createServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://hostile.invalid').pathname;
      this.seen.push(`${req.method} ${path}`);
      const cors = {
        'access-control-allow-origin': '*',
        'access-control-allow-headers': 'x-voucher, x-client-tx-ref, content-type',
        'access-control-expose-headers': 'x-voucher-required, x-voucher-receipt, x-client-tx-ref',
        'cache-control': 'no-store',
      };
      if (req.method === 'OPTIONS') return void res.writeHead(204, cors).end();
      if (path === '/.well-known/voucher-payment') {
        const { vendor, verifyingContract } = this.identity;
        const body = JSON.stringify({ version: 1, vendor, chainId: '31337', verifyingContract, asset: { symbol: 'USDC', decimals: 6 }, prices: { atomsPerHour: '3600000', atomsPerGB: '10000000' }, suggestedVoucherAtoms: '10000', routes: [] });
        return void res.writeHead(200, { ...cors, 'content-type': 'application/json' }).end(body);
      }
      const body = encodeRequirements(this.requirements(this.options.invent ? inventedAddress() : this.identity.vendor));
      res.writeHead(402, { ...cors, 'content-type': 'application/json', 'x-voucher-required': 'v1' }).end(body);
    });
    this.server = await listenOnLoopback(server);
    this.origin = this.server.url;
    return this;
  }

  async stop(): Promise<void> {
    await this.server?.close();
  }
}
