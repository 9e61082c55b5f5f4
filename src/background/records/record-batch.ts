import { getAddress, type Address } from 'viem';
import type { RecordEvent } from '../../payer/record-model';
import { parseReceiptEventData, parseReceiptHeader, type Receipt } from '../../protocol';
import { checkReceiptCost } from '../../payer/overcharge';
import { foldRecordEvents, recordChanges, type ReceiptVerdict, type RequestFold } from '../../payer/record-model';
import { DuplicateTransactionError } from '../../storage/errors';
import type { TransactionRecord } from '../../storage/interfaces/TransactionStore';
import type { VendorApproval } from '../approvals/vendor-approvals';
import { vendorsChanged } from '../notices';
import { issuerForPage } from '../policy/issuer';
import type { Services } from '../services';
import { newPageRecord, ownedBy, quietly } from './recording';
import { rememberTerms, vendorTerms, type VendorTerms } from './vendor-terms';

/** A receipt written into its record, waiting to be counted in the vendor's voucher state. */
interface Counted {
  approval: VendorApproval;
  receipt: Receipt;
  suspected: boolean;
  /** Its record was already paid: a resent batch. It refreshes the credit, adds no cost. */
  recounted?: boolean;
}

/** What a batch did: whether a receipt led to a top-up voucher (the header rules must follow). */
export interface BatchOutcome {
  toppedUp: boolean;
}

export interface BatchOptions {
  /**
   * Count receipts in the vendor's voucher state (and so top up). False for receipts only a page
   * relayed without a vendor signature: they are written into the record, and decide nothing.
   */
  count: boolean;
}

/**
 * Applies one batch of record events the worker built from what the browser observed of one page
 * origin's requests (src/background/interception/observer.ts) with as few storage transactions as it allows.
 * Per request the events are merged in memory and the record written once. A batch of requests
 * the worker has not seen (the steady state: each answered within the observer's batch window) is
 * created with one createMany; any other request is read and updated on its own. Approvals and
 * the wallet address are read once per batch, and each vendor's voucher state is written once to
 * count the batch's receipts. Nothing here outlives the batch but the cache of vendor terms.
 *
 * A receipt's cost is counted in the voucher state only after its record was written as paid
 * from a pending or absent one, so the same receipt seen twice cannot count twice. A receipt
 * seen again for a record already paid still updates the vendor's nonce and credit (and so may
 * top up).
 */
export class RecordBatch {
  private readonly terms = new Map<string, Promise<VendorTerms | null>>();
  private readonly counted: Counted[] = [];
  private readonly paidAt: Date;

  private constructor(
    private readonly services: Services,
    private readonly pageOrigin: string,
    private readonly approvals: VendorApproval[],
    private readonly client: Address | undefined,
    private readonly options: BatchOptions,
  ) {
    this.paidAt = new Date(services.platform.now());
  }

  static async apply(
    events: readonly RecordEvent[],
    pageOrigin: string,
    services: Services,
    options: BatchOptions = { count: true },
  ): Promise<BatchOutcome> {
    const [approvals, client] = await Promise.all([services.approvals.approvedFor(pageOrigin), services.vault.address()]);
    const batch = new RecordBatch(services, pageOrigin, approvals, client, options);
    const folds = foldRecordEvents(events);
    // Only requests to a vendor approved for this page enter the log here (a 402 the user decided
    // on is recorded through page.paymentRequired), so unrelated page traffic never does.
    const fresh = folds.filter((fold) => fold.request && batch.servesApprovedVendor(fold.request.url));
    const others = folds.filter((fold) => !fresh.includes(fold));
    if (!(await batch.createAll(fresh))) others.unshift(...fresh);
    for (const fold of others) await quietly(() => batch.applyOne(fold));
    return batch.countReceipts();
  }

  private servesApprovedVendor(url: string): boolean {
    const origin = new URL(url).origin;
    return this.approvals.some((approval) => approval.vendorOrigin === origin);
  }

  /** New records in one transaction. False when it failed (some already exist): go one by one. */
  private async createAll(folds: RequestFold[]): Promise<boolean> {
    if (folds.length === 0) return true;
    const now = this.services.platform.now();
    const drafts = await Promise.all(
      folds.map((fold) => this.draft(fold, newPageRecord(fold.clientTxRef, fold.request!, this.pageOrigin, now))),
    );
    try {
      await this.services.transactions.createMany(drafts.map((draft) => ({ ...draft.base, ...draft.changes })));
    } catch (error) {
      // A duplicate (a request recorded by page.paymentRequired, a resent batch) or one bad record:
      // the careful path sorts it out per request.
      if (!(error instanceof DuplicateTransactionError)) console.warn('voucher wallet: batch create failed', error);
      return false;
    }
    for (const draft of drafts) if (draft.counted) this.count(draft.counted);
    return true;
  }

  /** A request the worker may have seen: only its own page's pending record changes. */
  private async applyOne(fold: RequestFold): Promise<void> {
    const store = this.services.transactions;
    const existing = await store.get(fold.clientTxRef);
    let draft: Draft;
    if (existing) {
      if (!ownedBy(existing, this.pageOrigin)) return;
      if (existing.status !== 'pending') return this.recount(fold, existing);
      draft = await this.draft(fold, existing);
      await store.update(fold.clientTxRef, draft.changes);
    } else {
      if (!fold.request || !this.servesApprovedVendor(fold.request.url)) return;
      draft = await this.draft(fold, newPageRecord(fold.clientTxRef, fold.request, this.pageOrigin, this.services.platform.now()));
      await store.create({ ...draft.base, ...draft.changes });
    }
    if (draft.counted) this.count(draft.counted);
  }

  private count(counted: Counted): void {
    if (this.options.count) this.counted.push(counted);
  }

  /**
   * A receipt resent for a record already paid with it (the worker died after writing the record,
   * maybe before counting): the vendor's nonce and credit are brought up to date, so the top-up
   * it may call for still happens, but its cost is not counted again.
   */
  private async recount(fold: RequestFold, existing: TransactionRecord): Promise<void> {
    if (!fold.receipt || existing.status !== 'paid') return;
    const judged = await this.judgeReceipt(fold, existing.urlOrTarget);
    const serviceTxRef = judged.verdict.kind === 'paid' ? judged.verdict.receipt.serviceTxRef : undefined;
    if (judged.counted && serviceTxRef === existing.payment?.serviceTxRef) {
      this.count({ ...judged.counted, suspected: false, recounted: true });
    }
  }

  private async draft(fold: RequestFold, base: TransactionRecord): Promise<Draft> {
    const judged = fold.receipt ? await this.judgeReceipt(fold, base.urlOrTarget) : undefined;
    const changes = recordChanges(base, fold, judged?.verdict, this.paidAt);
    return { base, changes, ...(judged?.counted ? { counted: judged.counted } : {}) };
  }

  /** Parses a receipt and checks it names a vendor this page is approved to pay at this origin. */
  private async judgeReceipt(fold: RequestFold, url: string): Promise<{ verdict: ReceiptVerdict; counted?: Counted }> {
    const seen = fold.receipt!;
    let receipt: Receipt;
    try {
      receipt = seen.source === 'header' ? parseReceiptHeader(seen.value) : parseReceiptEventData(seen.value);
    } catch (error) {
      return { verdict: { kind: 'refused', code: 'malformed_receipt', message: String(error) } };
    }
    const vendorOrigin = new URL(url).origin;
    const approval = this.approvals.find(
      (candidate) =>
        candidate.vendorOrigin === vendorOrigin &&
        candidate.key.vendor === getAddress(receipt.vendor) &&
        this.client !== undefined &&
        candidate.key.client === this.client,
    );
    if (!approval) {
      const message = 'the receipt names a vendor this page is not approved to pay here';
      return { verdict: { kind: 'refused', code: 'requirements_mismatch', message } };
    }
    const terms = await this.termsOf(approval);
    // The browser's clock and the response's content-length are what the vendor's claims are
    // checked against: they can only make the check more lenient, never charge the user more.
    const observed = seen.bytes === undefined ? { elapsedMs: seen.elapsedMs } : { elapsedMs: seen.elapsedMs, bytes: seen.bytes };
    const overcharge = terms?.prices ? checkReceiptCost(receipt, terms.prices, observed) : null;
    return {
      verdict: { kind: 'paid', receipt, asset: terms?.asset, overcharge },
      counted: { approval, receipt, suspected: overcharge?.suspected ?? false },
    };
  }

  /** Once per vendor and batch (and mostly from the cache). */
  private termsOf(approval: VendorApproval): Promise<VendorTerms | null> {
    let terms = this.terms.get(approval.vendorKeyId);
    if (!terms) {
      terms = vendorTerms(this.services.voucherState, approval);
      this.terms.set(approval.vendorKeyId, terms);
    }
    return terms;
  }

  /**
   * Counts the written receipts once per vendor (one voucher-state update each) and tops up when
   * credit runs low; the caller rebuilds the header rules when a top-up was signed.
   */
  private async countReceipts(): Promise<BatchOutcome> {
    const byVendor = new Map<string, Counted[]>();
    for (const each of this.counted) byVendor.set(each.approval.vendorKeyId, [...(byVendor.get(each.approval.vendorKeyId) ?? []), each]);
    let toppedUp = false;
    for (const counted of byVendor.values()) {
      const { approval } = counted[0]!;
      await quietly(async () => {
        const issuer = await issuerForPage(this.services, this.pageOrigin, approval.vendorOrigin, this.client);
        const recounted = new Set(counted.filter((each) => each.recounted).map((each) => each.receipt));
        // An overcharge stops signing for the vendor in the same update (no top-up follows) until the user resumes it.
        const overcharged = counted.some((each) => each.suspected);
        if (overcharged) await this.services.approvals.flagOvercharge(approval.vendorKeyId);
        const outcome = await issuer.onReceipts(approval.key, counted.map((each) => each.receipt), recounted, { overcharged });
        rememberTerms(this.services.voucherState, approval.vendorKeyId, outcome.state);
        if (overcharged) vendorsChanged(this.services);
        if (outcome.topUp?.ok) toppedUp = true;
      });
    }
    return { toppedUp };
  }
}

interface Draft {
  base: TransactionRecord;
  changes: Partial<TransactionRecord>;
  counted?: Counted;
}
