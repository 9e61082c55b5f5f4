import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { AdmittedRequest, Engine, Query, Session } from '../engine';
import { isEngineError } from '../engine';
import {
  ERROR_HTTP_STATUS,
  ProtocolParseError,
  RECEIPT_HEADER,
  REQUIREMENTS_HEADER,
  VOUCHER_HEADER,
  VOUCHER_HEADER_VERSION,
  encodeReceiptHeader,
  encodeRequirements,
  type Receipt,
  type VoucherHeader,
} from '../protocol';
import { VoucherHeaderCache } from './header-cache';
import { requirementsFor, type Refusal, type VendorTerms } from './requirements';
import type { ChargeStats } from './stats';

/** A paid request let through: its voucher session and the query holding its locked cost. */
export interface Admission {
  session: Session;
  query: Query;
  /** performance.now() when the query was accepted: elapsed time is charged from here. */
  startedAt: number;
}

export interface PaidBody {
  status: number;
  headers: Record<string, string>;
  body: string | Uint8Array;
}

/**
 * The paid-route middleware: voucher header → session → locked approximate cost → handler →
 * settlement of the measured time and bytes → receipt. Every refusal is answered here with
 * the protocol's status for its code and a PaymentRequirements body, so the payer learns the
 * code, the nonce the vendor expects next and, when known, its credit.
 */
export class PaymentGate {
  constructor(
    private readonly engine: Engine,
    private readonly terms: VendorTerms,
    private readonly stats: ChargeStats,
    private readonly headers = new VoucherHeaderCache(),
  ) {}

  /** Lets the request through, or answers the refusal and returns undefined. */
  async admit(req: IncomingMessage, res: ServerResponse, approxCost: bigint): Promise<Admission | undefined> {
    const raw = req.headers[VOUCHER_HEADER];
    if (raw === undefined) {
      return this.refuse(res, approxCost, { code: 'payment_required', message: 'this route is paid with a voucher', nextNonce: 0n });
    }
    let header: VoucherHeader;
    try {
      // Node joins repeated headers with ", ", which no valid header contains: it fails to parse.
      header = this.headers.parse(Array.isArray(raw) ? raw.join(', ') : raw);
    } catch (error) {
      if (!(error instanceof ProtocolParseError) || error.code === 'malformed_requirements' || error.code === 'malformed_receipt') throw error;
      return this.refuse(res, approxCost, { code: error.code, message: error.message, nextNonce: 0n });
    }
    let admitted: AdmittedRequest;
    try {
      admitted = await this.engine.acceptSessionAndQuery(header, approxCost);
    } catch (error) {
      if (!isEngineError(error)) throw error;
      return this.refuse(res, approxCost, {
        code: error.code,
        message: error.reason,
        nextNonce: error.nextNonce ?? 0n,
        ...(error.credit ? { credit: error.credit } : {}),
      });
    }
    const { session, decision } = admitted;
    if (!decision.accepted) {
      return this.refuse(res, approxCost, {
        code: 'insufficient_credit',
        message: `this route locks ${approxCost} atoms; ${decision.credit.available} available`,
        nextNonce: session.lastNonce + 1n,
        credit: decision.credit,
      });
    }
    return { session, query: decision.query, startedAt: performance.now() };
  }

  /** Charges the time since admission and the bytes sent; returns the receipt. */
  async settle(admission: Admission, bytes: number): Promise<Receipt> {
    // Rounded up, like costOf: a vendor is never paid for less than it served.
    const elapsedMs = BigInt(Math.ceil(performance.now() - admission.startedAt));
    const usage = { elapsedMs, bytes: BigInt(bytes) };
    const settlement = await this.engine.settleQuery(admission.query, usage);
    this.stats.record(admission.session.client, settlement.cost);
    return {
      vendor: this.terms.vendor,
      client: admission.session.client,
      cost: settlement.cost,
      nonce: settlement.chargedNonce,
      lastNonce: settlement.lastNonce,
      serviceTxRef: admission.query.id,
      usage,
      credit: settlement.credit,
    };
  }

  /** Releases the lock of a query that produced nothing billable. */
  async abandon(admission: Admission): Promise<void> {
    await this.engine.abandonQuery(admission.query);
  }

  /** A whole paid response: admitted, produced, settled, answered with the receipt header. */
  async serve(req: IncomingMessage, res: ServerResponse, approxCost: bigint, produce: () => Promise<PaidBody>): Promise<void> {
    const admission = await this.admit(req, res, approxCost);
    if (admission === undefined) return;
    let paid: PaidBody;
    try {
      paid = await produce();
    } catch (error) {
      await this.abandon(admission);
      throw error;
    }
    const body = typeof paid.body === 'string' ? Buffer.from(paid.body) : paid.body;
    const receipt = await this.settle(admission, body.byteLength);
    res.writeHead(paid.status, {
      ...paid.headers,
      'content-length': String(body.byteLength),
      [RECEIPT_HEADER]: encodeReceiptHeader(receipt),
    });
    res.end(body);
  }

  refuse(res: ServerResponse, approxCost: bigint, refusal: Refusal): undefined {
    const status = ERROR_HTTP_STATUS[refusal.code];
    const body = encodeRequirements(requirementsFor(this.terms, approxCost, refusal));
    res.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': String(Buffer.byteLength(body)),
      ...(status === 402 ? { [REQUIREMENTS_HEADER]: VOUCHER_HEADER_VERSION } : {}),
    });
    res.end(body);
    return undefined;
  }
}
