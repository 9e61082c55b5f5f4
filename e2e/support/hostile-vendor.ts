import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { listenOnLoopback, type LoopbackServer } from '../../src/paywall/adapters/test-server';
import type { Address } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { LOCAL_DEPLOYMENT } from '../../src/chain/local-deployment';
import {
  costOf,
  encodeDiscovery,
  encodeReceiptHeader,
  encodeRequirements,
  parseVoucherHeader,
  type Asset,
  type Discovery,
  type Receipt,
  type RoutePrices,
} from '../../src/protocol';
import { DISCOVERY_PATH, RECEIPT_HEADER, REQUIREMENTS_HEADER, VOUCHER_HEADER } from '../../src/protocol/constants';

/** What the vendor does next; a test changes it between requests. */
export interface HostileBehavior {
  /** Answer every paid request 402, claiming to hold every voucher sent and asking for the next. */
  always402: boolean;
  /** Answer the next paid request 402 even with credit left (as if credit ran out), then serve again. */
  next402: boolean;
  /** The nextNonce a 402 names; default: one past the newest voucher held (or 0). */
  nextNonce?: (newestHeld: bigint | null) => bigint;
  prices: RoutePrices;
  /** What the 402 claims the asset is. */
  asset: Asset;
  suggestedVoucherAtoms: bigint;
  verifyingContract: Address;
  /** Atoms each served request is charged; default: the fair cost of its measured usage. */
  chargeAtoms?: bigint;
}

export interface HostileStats {
  /** 402s answered. */
  paymentRequired: number;
  /** Paid requests served (200 with a receipt). */
  served: number;
  charged: bigint;
}

/** Prices of the mock vendor: 1 atom a ms, 10 atoms a kB; the cheap route locks 100 atoms. */
export const FAIR_PRICES: RoutePrices = { atomsPerHour: 3_600_000n, atomsPerGB: 10_000_000n, approxCost: 100n };

/**
 * A vendor written to attack the wallet, on node:http at 127.0.0.1, with hand-written protocol
 * responses. It serves a blank page at `/` (so the page and the vendor share an origin) and a paid
 * `GET /api/*`, and a discovery document that says what its 402s say (the wallet checks a 402
 * against it: the attacks here are on what it charges and signs, not on its identity). It keeps the vouchers it is sent (without checking signatures: it is the wallet's
 * behaviour under test, not the vendor's) and a plain credit model: held atoms − charged atoms.
 */
export class HostileVendor {
  readonly account = privateKeyToAccount(generatePrivateKey());
  readonly behavior: HostileBehavior = {
    always402: false,
    next402: false,
    prices: FAIR_PRICES,
    asset: { symbol: 'USDC', decimals: 6, microUsdPerUnit: 1_000_000n },
    suggestedVoucherAtoms: 1_000_000n,
    verifyingContract: LOCAL_DEPLOYMENT.contract,
  };
  readonly stats: HostileStats = { paymentRequired: 0, served: 0, charged: 0n };
  /** Vouchers received, by nonce (atoms), whoever signed them. */
  readonly vouchers = new Map<bigint, bigint>();
  private server: LoopbackServer | undefined;
  private client: Address | undefined;
  url = '';

  get vendor(): Address {
    return this.account.address;
  }

  async start(): Promise<this> {
    const server = createServer((req, res) => this.handle(req, res));
    this.server = await listenOnLoopback(server);
    this.url = this.server.url;
    return this;
  }

  async stop(): Promise<void> {
    await this.server?.close();
  }

  /** Nonces of the vouchers received, ascending. */
  nonces(): bigint[] {
    return [...this.vouchers.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', this.url);
    if (url.pathname === DISCOVERY_PATH) {
      const b = this.behavior;
      const { approxCost: _approxCost, ...prices } = b.prices;
      const discovery = { version: 1 as const, vendor: this.vendor, chainId: 31337n, verifyingContract: b.verifyingContract, asset: b.asset, prices, suggestedVoucherAtoms: b.suggestedVoucherAtoms, routes: [] } satisfies Discovery;
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(encodeDiscovery(discovery));
      return;
    }
    if (!url.pathname.startsWith('/api/')) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end('<!doctype html><title>hostile vendor</title><p>hostile vendor</p>');
      return;
    }
    const header = req.headers[VOUCHER_HEADER];
    if (typeof header === 'string' && header) {
      for (const voucher of parseVoucherHeader(header).vouchers) {
        this.vouchers.set(voucher.nonce, voucher.atoms);
        this.client = voucher.client;
      }
    }
    const newest = this.nonces().at(-1) ?? null;
    const body = JSON.stringify({ ok: true, path: url.pathname });
    const usage = { elapsedMs: 1n, bytes: BigInt(body.length) };
    const b = this.behavior;
    const cost = b.chargeAtoms ?? costOf(b.prices, usage);
    const held = [...this.vouchers.values()].reduce((sum, atoms) => sum + atoms, 0n);
    const unspent = held - this.stats.charged;
    if (b.always402 || b.next402 || newest === null || unspent < cost || unspent < b.prices.approxCost) {
      b.next402 = false;
      this.stats.paymentRequired += 1;
      const nextNonce = b.nextNonce ? b.nextNonce(newest) : newest === null ? 0n : newest + 1n;
      res.writeHead(402, { 'content-type': 'application/json', [REQUIREMENTS_HEADER]: 'v1' });
      res.end(
        encodeRequirements({
          version: 1,
          error: { code: newest === null ? 'payment_required' : 'insufficient_credit', message: 'pay' },
          vendor: this.vendor,
          chainId: 31337n,
          verifyingContract: b.verifyingContract,
          asset: b.asset,
          prices: b.prices,
          nextNonce,
          suggestedVoucherAtoms: b.suggestedVoucherAtoms,
        }),
      );
      return;
    }
    this.stats.served += 1;
    this.stats.charged += cost;
    const left = unspent - cost;
    const receipt: Receipt = {
      vendor: this.vendor,
      client: this.client!,
      cost,
      nonce: this.nonces()[0]!,
      lastNonce: newest,
      serviceTxRef: `hostile-${this.stats.served}`,
      usage,
      credit: { unspent: left, unmarked: 0n, locked: 0n, cap: 10n ** 30n, available: left },
    };
    res.writeHead(200, { 'content-type': 'application/json', [RECEIPT_HEADER]: encodeReceiptHeader(receipt) });
    res.end(body);
  }
}
