import type { Address } from 'viem';
import { Engine, isEngineError, type Query, type Settlement, type UndeliveredCredit } from '../engine';
import type { ChainOracle, ClientStore } from '../engine/ports';
import {
  ERROR_HTTP_STATUS,
  ProtocolParseError,
  RECEIPT_HEADER,
  RECEIPT_SIGNATURE_HEADER,
  costOf,
  REQUIREMENTS_HEADER,
  STREAM_SETTLED_HEADER,
  VOUCHER_HEADER,
  VOUCHER_HEADER_VERSION,
  encodeReceiptEvent,
  encodeReceiptHeader,
  encodeRequirements,
  receiptEventData,
  signReceiptText,
  type Receipt,
  type ReceiptSigner,
  type Usage,
  type VoucherHeader,
} from '../protocol';
import { applyCors } from './cors';
import { VoucherHeaderCache } from './header-cache';
import { meteredStream } from './metered-stream';
import { RollingCharge } from './rolling-charge';
import { requirementsFor, type PaywallTerms, type Refusal } from './terms';
import { wholeBodyResponse } from './whole-body';

/** What a paid route locks before its handler runs: at least what one answer may cost. */
export interface PaidRoute {
  approxCost: bigint;
}

/** The payer of a request let through, handed to the route's handler. */
export interface Payment {
  client: Address;
  /** The vendor's id for this query; the receipt carries it as serviceTxRef. */
  serviceTxRef: string;
}

/** A paid route's handler: the Fetch API, nothing about payment except who pays. */
export type PaidHandler = (request: Request, payment: Payment) => Response | Promise<Response>;

/** Told about every charge and every refusal, e.g. to count them; must not throw. */
export interface PaywallObserver {
  charged?(client: Address, receipt: Receipt): void;
  /** Part of a whole answer's charge given back: the client went away before all of it was written. */
  credited?(client: Address, serviceTxRef: string, credit: UndeliveredCredit): void;
  /** `client` is the one the voucher header names, when it could be read. */
  refused?(status: number, refusal: Refusal, client: Address | undefined): void;
}

export interface PaywallOptions {
  terms: PaywallTerms;
  /** The engine to charge through; without one, an engine over `clients` and `oracle` is made. */
  engine?: Engine;
  clients?: ClientStore;
  oracle?: ChainOracle;
  observer?: PaywallObserver;
  /** CORS headers and the client-tx-ref echo on every paid answer; default true. */
  cors?: boolean;
  /** Milliseconds, for the elapsed time charged; default performance.now. */
  now?: () => number;
  /** Settlement failures that cannot be answered any more (a stream already under way); default console.error. */
  onError?: (error: unknown) => void;
  headerCache?: VoucherHeaderCache;
  /**
   * The vendor's key (its `terms.vendor` address), to sign receipts (docs/protocol.md §7.6): a
   * stream's in-band receipt passes through the page, and a wallet counts it only when signed.
   * Header receipts get the signature in x-voucher-receipt-signature. Without it, receipts are unsigned.
   */
  receiptSigner?: ReceiptSigner;
}

export interface Paywall {
  readonly terms: PaywallTerms;
  readonly engine: Engine;
  /**
   * Answers a paid request: a refusal (402 with requirements, 400 for a malformed header, …), or
   * the handler's response charged for its measured time and bytes, never more than the client's
   * vouchers cover. A whole response is priced before it is sent: it gets the receipt header, or a
   * 402 insufficient_credit naming its cost when the credit cannot cover it. A text/event-stream
   * one is charged as it runs (RollingCharge), ends with the receipt as its final
   * `voucher-receipt` event (also when the credit runs out), and a consumer that cancels it is
   * charged for what it got and the time until then. A whole answer is charged in full before its
   * receipt leaves; a client that goes away before all of it was written is credited back the
   * bytes not written (the next receipt's credit shows it). A handler that throws or
   * answers with an error status is not charged: its lock is released.
   */
  handle(request: Request, route: PaidRoute, handler: PaidHandler): Promise<Response>;
}

const JSON_TYPE = 'application/json; charset=utf-8';
/** HTTP's Retry-After counts whole seconds; paid requests in flight mostly settle within one. */
const RETRY_AFTER_SECONDS = '1';

/**
 * Credit held by requests in flight would cover this one once they settle under their locks: the
 * payer should wait and retry, not sign another voucher for each parallel request (§7.1).
 */
function waitingWouldCover(refusal: Refusal, approxCost: bigint): boolean {
  const credit = refusal.credit;
  if (refusal.code !== 'insufficient_credit' || credit === undefined || credit.locked === 0n) return false;
  const afterSettling = credit.unspent - credit.unmarked;
  return afterSettling >= approxCost && credit.cap >= approxCost;
}
const encoder = new TextEncoder();

export function createPaywall(options: PaywallOptions): Paywall {
  const { terms, observer, cors = true } = options;
  const now = options.now ?? (() => performance.now());
  const onError = options.onError ?? ((error: unknown) => console.error('paywall: settlement failed', error));
  const headers = options.headerCache ?? new VoucherHeaderCache();
  const engine = options.engine ?? engineFor(options);

  function refuse(request: Request, approxCost: bigint, refusal: Refusal, client?: Address): Response {
    const status = ERROR_HTTP_STATUS[refusal.code];
    observer?.refused?.(status, refusal, client);
    const body = encoder.encode(encodeRequirements(requirementsFor(terms, approxCost, refusal)));
    const headers: Record<string, string> = { 'content-type': JSON_TYPE, 'content-length': String(body.byteLength) };
    // A nonce_conflict with held vouchers is requirements too (§5.1): a payer that lost its state acts on it.
    if (status === 402 || refusal.heldVouchers !== undefined) headers[REQUIREMENTS_HEADER] = VOUCHER_HEADER_VERSION;
    if (waitingWouldCover(refusal, approxCost)) headers['retry-after'] = RETRY_AFTER_SECONDS;
    const response = wholeBodyResponse(body, { status, headers });
    if (cors) applyCors(request, response.headers);
    return response;
  }

  async function settle(client: Address, query: Query, usage: Usage): Promise<Receipt> {
    return receiptOf(client, query, usage, await engine.settleQuery(query, usage));
  }

  function receiptOf(client: Address, query: Query, usage: Usage, settlement: Settlement): Receipt {
    const receipt: Receipt = {
      vendor: terms.vendor,
      client,
      cost: settlement.cost,
      nonce: settlement.chargedNonce,
      lastNonce: settlement.lastNonce,
      serviceTxRef: query.id,
      usage,
      credit: settlement.credit,
    };
    observer?.charged?.(client, receipt);
    return receipt;
  }

  async function handle(request: Request, route: PaidRoute, handler: PaidHandler): Promise<Response> {
    const { approxCost } = route;
    const raw = request.headers.get(VOUCHER_HEADER);
    if (raw === null) {
      return refuse(request, approxCost, { code: 'payment_required', message: 'this route is paid with a voucher', nextNonce: 0n });
    }
    let header: VoucherHeader;
    try {
      // Repeated headers arrive joined with ", ", which no valid header contains: it fails to parse.
      header = headers.parse(raw);
    } catch (error) {
      if (!(error instanceof ProtocolParseError) || error.code === 'malformed_requirements' || error.code === 'malformed_receipt') throw error;
      return refuse(request, approxCost, { code: error.code, message: error.message, nextNonce: 0n });
    }
    const client = header.client;
    let admitted;
    try {
      admitted = await engine.acceptSessionAndQuery(header, approxCost);
    } catch (error) {
      if (!isEngineError(error)) throw error;
      const refusal: Refusal = { code: error.code, message: error.reason, nextNonce: error.nextNonce ?? 0n };
      if (error.credit) refusal.credit = error.credit;
      if (error.heldVouchers) refusal.heldVouchers = error.heldVouchers;
      return refuse(request, approxCost, refusal, client);
    }
    const { session, decision } = admitted;
    if (!decision.accepted) {
      const message = `this route locks ${approxCost} atoms; ${decision.credit.available} available`;
      return refuse(request, approxCost, { code: 'insufficient_credit', message, nextNonce: session.lastNonce + 1n, credit: decision.credit }, client);
    }
    const { query } = decision;
    const startedAt = now();
    let response: Response;
    try {
      response = await handler(request, { client, serviceTxRef: query.id });
    } catch (error) {
      await engine.abandonQuery(query);
      throw error;
    }
    const answerHeaders = new Headers(response.headers);
    if (cors) applyCors(request, answerHeaders);
    const init = { status: response.status, statusText: response.statusText, headers: answerHeaders };
    if (!response.ok) {
      await engine.abandonQuery(query);
      return new Response(response.body, init);
    }
    if ((answerHeaders.get('content-type') ?? '').startsWith('text/event-stream') && response.body !== null) {
      // The receipt event is appended: a length the handler set no longer holds. The stream is
      // marked settled, so a payer knows a receipt event will end it (§7.4).
      answerHeaders.delete('content-length');
      answerHeaders.set(STREAM_SETTLED_HEADER, VOUCHER_HEADER_VERSION);
      const charge = new RollingCharge(engine, terms.prices, query, () => now() - startedAt);
      const body = meteredStream(
        response.body,
        async (bytes, finished) => {
          try {
            const receipt = await settle(client, query, charge.usage(bytes));
            if (!finished) return undefined;
            const signature = options.receiptSigner ? await signReceiptText(options.receiptSigner, receiptEventData(receipt)) : undefined;
            return encoder.encode(encodeReceiptEvent(receipt, signature));
          } catch (error) {
            onError(error);
            throw error;
          }
        },
        (bytes) => charge.cover(bytes),
      );
      return new Response(body, init);
    }
    let body: Uint8Array<ArrayBuffer>;
    try {
      body = new Uint8Array(await response.arrayBuffer());
    } catch (error) {
      await engine.abandonQuery(query);
      throw error;
    }
    // Priced before it is sent: an answer its credit cannot cover is refused, not served on trust.
    const usage = { elapsedMs: BigInt(Math.ceil(now() - startedAt)), bytes: BigInt(body.byteLength) };
    let settlement: Settlement;
    try {
      settlement = await engine.settleQuery(query, usage);
    } catch (error) {
      if (!isEngineError(error) || error.code !== 'insufficient_credit') throw error;
      const credit = await engine.abandonQuery(query);
      const cost = costOf(terms.prices, usage);
      const message = `this answer costs ${cost} atoms; ${credit.available} available`;
      return refuse(request, cost, { code: 'insufficient_credit', message, nextNonce: error.nextNonce ?? 0n, credit }, client);
    }
    const receipt = receiptOf(client, query, usage, settlement);
    answerHeaders.set('content-length', String(body.byteLength));
    answerHeaders.set(RECEIPT_HEADER, encodeReceiptHeader(receipt));
    if (options.receiptSigner) answerHeaders.set(RECEIPT_SIGNATURE_HEADER, await signReceiptText(options.receiptSigner, receiptEventData(receipt)));
    const total = body.byteLength;
    return wholeBodyResponse(body, init, async (written) => {
      if (written >= total) return;
      try {
        const credit = await engine.creditUndelivered(settlement, BigInt(written));
        observer?.credited?.(client, query.id, credit);
      } catch (error) {
        onError(error);
      }
    });
  }

  return { terms, engine, handle };
}

function engineFor(options: PaywallOptions): Engine {
  const { terms, clients, oracle } = options;
  if (clients === undefined || oracle === undefined) throw new TypeError('createPaywall needs an engine, or clients and an oracle');
  return new Engine({ vendor: terms.vendor, domain: terms.domain, prices: terms.prices, clients, oracle });
}
