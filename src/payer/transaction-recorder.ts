import { parseReceiptEventData, parseReceiptHeader, type Asset, type Receipt } from '../protocol';
import type { PaymentSnapshot, TransactionRecord, TransactionStore } from '../storage/interfaces/TransactionStore';
import { isPayerError } from './errors';
import type { PaymentRecorder, RecordPart } from './paying-fetch';
import { newRequestRecord, recordChanges, type ReceiptVerdict, type RecordRequest } from './record-model';
import type { VendorKey } from './vendor-key';
import type { VoucherIssuer } from './voucher-issuer';

export interface TransactionRecorderOptions {
  store: TransactionStore;
  issuer: VoucherIssuer;
  /** The vendor this client pays, once known (the first 402 names it). */
  vendorKey(): VendorKey | null;
  /** The vendor's asset, to value receipts in. */
  assetOf(key: VendorKey): Promise<Asset | undefined>;
  /** false: nothing is written (receipts are still counted, so top-ups still happen). */
  enabled?: boolean;
  /** Where a failing write goes; it never fails the request it describes. */
  onError?: (error: unknown) => void;
  now?: () => number;
}

/** A request's record as this recorder last wrote it, and its payment once paid. */
interface Open {
  record: TransactionRecord;
  payment?: PaymentSnapshot;
}

export function assetIdOf(asset: Asset): string {
  return asset.address ?? asset.symbol;
}

/**
 * The Node payer's recorder: a request's lifecycle written into a TransactionStore at once, with
 * the record model the worker applies to a page's batches (record-model.ts). A receipt is
 * counted by the issuer (which may sign a top-up) before its record turns paid. A failing log
 * write never fails the request: the payment already happened, and losing the response over a
 * log entry would be worse.
 */
export class TransactionRecorder implements PaymentRecorder {
  private readonly open = new Map<string, Open>();
  /** Who waits for the outcome under each ref (a caller may reuse a ref for concurrent requests). */
  private readonly watchers = new Map<string, ((payment: PaymentSnapshot | undefined) => void)[]>();

  constructor(private readonly options: TransactionRecorderOptions) {}

  /** Resolves when the request under this ref is over: with its payment, if it was paid. Ask before sending. */
  outcome(clientTxRef: string): Promise<PaymentSnapshot | undefined> {
    return new Promise((resolve) => this.watchers.set(clientTxRef, [...(this.watchers.get(clientTxRef) ?? []), resolve]));
  }

  /** A request that never became this protocol's traffic: nobody waits for its record. */
  forget(clientTxRef: string): void {
    if (!this.open.has(clientTxRef)) this.settle(clientTxRef, undefined);
  }

  async start(clientTxRef: string, _vendorOrigin: string, request: RecordRequest): Promise<void> {
    const record = newRequestRecord(clientTxRef, request, (this.options.now ?? Date.now)());
    const key = this.options.vendorKey();
    if (key) {
      record.channelId = key.vendor;
      const asset = await this.options.assetOf(key);
      if (asset) record.assetId = assetIdOf(asset);
    }
    this.open.set(clientTxRef, { record });
    await this.write(() => this.options.store.create(record));
  }

  async challenged(clientTxRef: string, vendorOrigin: string, request: RecordRequest): Promise<void> {
    if (!this.open.has(clientTxRef)) await this.start(clientTxRef, vendorOrigin, request);
  }

  async note(clientTxRef: string, part: RecordPart): Promise<void> {
    const open = this.open.get(clientTxRef);
    if (!open) return;
    // One lifecycle: pending → free | paid | error, and a final record stays as it is.
    if (open.record.status === 'pending') {
      const verdict = part.receipt ? await this.judge(part.receipt) : undefined;
      const changes = recordChanges(open.record, { clientTxRef, ...part }, verdict, new Date());
      if (part.response) await this.addVendor(changes);
      if (verdict?.kind === 'paid') open.payment = changes.payment;
      open.record = { ...open.record, ...changes };
      await this.write(() => this.options.store.update(clientTxRef, changes));
    }
    if (part.end) {
      this.open.delete(clientTxRef);
      this.settle(clientTxRef, open.payment);
    }
  }

  private settle(clientTxRef: string, payment: PaymentSnapshot | undefined): void {
    for (const resolve of this.watchers.get(clientTxRef) ?? []) resolve(payment);
    this.watchers.delete(clientTxRef);
  }

  /** Counts the receipt in the vendor's voucher state and checks its cost against the prices. */
  private async judge(seen: NonNullable<RecordPart['receipt']>): Promise<ReceiptVerdict> {
    let receipt: Receipt;
    try {
      receipt = seen.source === 'header' ? parseReceiptHeader(seen.value) : parseReceiptEventData(seen.value);
    } catch (error) {
      return { kind: 'refused', code: 'malformed_receipt', message: error instanceof Error ? error.message : String(error) };
    }
    const key = this.options.vendorKey();
    if (!key) return { kind: 'paid', receipt, asset: undefined, overcharge: null };
    try {
      const observed = seen.bytes === undefined ? { elapsedMs: seen.elapsedMs } : { elapsedMs: seen.elapsedMs, bytes: seen.bytes };
      const outcome = await this.options.issuer.onReceipt(key, receipt, observed);
      return { kind: 'paid', receipt, asset: await this.options.assetOf(key), overcharge: outcome.overcharge };
    } catch (error) {
      const code = isPayerError(error) ? error.code : 'malformed_receipt';
      return { kind: 'refused', code, message: error instanceof Error ? error.message : String(error) };
    }
  }

  private async addVendor(changes: Partial<TransactionRecord>): Promise<void> {
    const key = this.options.vendorKey();
    if (!key) return;
    changes.channelId ??= key.vendor;
    const asset = await this.options.assetOf(key);
    if (asset) changes.assetId = assetIdOf(asset);
  }

  private async write(task: () => Promise<unknown>): Promise<void> {
    if (this.options.enabled === false) return;
    try {
      await task();
    } catch (error) {
      (this.options.onError ?? console.error)(error);
    }
  }
}
