import type { SpentVoucherSource } from '../engine/ports';
import type { RedemptionChain, RedemptionOutcome } from './redemption-chain';
import type { RedemptionStore, Submission } from './redemption-store';
import { voucherKeyId } from './redemption-store';
import { redemptionBatch, type ClaimedVoucher } from './voucher-claims';

export interface RedeemerOptions {
  /** The engine's vouchers (its ClientStore). */
  source: SpentVoucherSource;
  store: RedemptionStore;
  chain: RedemptionChain;
  /** Vouchers per redeem transaction; default 100. */
  batchSize?: number;
  /** Pause between rounds when running on its own (start()); default 60 s. */
  intervalMs?: number;
  /** How long a round waits for a transaction to be mined before leaving it to the next round; default 60 s. */
  receiptTimeoutMs?: number;
  /** Vouchers taken from the engine per query; default 1,000. */
  pullLimit?: number;
  /** Errors of rounds run by start(); the next round retries. Default: ignored. */
  onError?: (error: unknown) => void;
}

/** What one round did. */
export interface RedemptionRound {
  /** Vouchers newly taken from the engine. */
  queued: number;
  /** Transactions mined (including ones left open by an earlier round or process). */
  mined: number;
  /** Vouchers paid for by those transactions. */
  redeemed: number;
  /** Atoms those transactions paid. */
  paid: bigint;
  /** Vouchers the contract refuses, set aside. */
  failed: number;
  /** Transactions mined but reverted; their vouchers wait for the next round. */
  reverted: number;
  /** Transactions still waiting to be mined at the end of the round. */
  open: number;
}

/**
 * Redeems the engine's spent vouchers on chain, in batches. Only spent vouchers are claimed, each
 * in full (a spent voucher was charged in full). The first unspent voucher, partly charged, is left
 * for later: the contract pays a voucher once, so claiming its charged part now would forfeit the
 * rest; it is redeemed once spent, and claiming the charged part of a relationship's last voucher
 * is the vendor's decision when the client leaves (see docs/chain.md).
 *
 * Crash safety rests on the order of writes: a voucher is queued in the store before anything is
 * sent; the signed transaction is recorded (with its hash and account nonce) before it is
 * broadcast; its outcome is recorded after its receipt. After a restart, an open submission is
 * looked up by hash: mined → recorded; replaced by another transaction of the same account nonce
 * → its vouchers are queued again; neither → sent again (same bytes, same hash) and waited for. At
 * most one submission is open at a time, so the account nonce alone tells "replaced" from "pending".
 * Were a voucher ever submitted twice, the contract pays it once and skips it the second time.
 */
export class Redeemer {
  private readonly source: SpentVoucherSource;
  private readonly store: RedemptionStore;
  private readonly chain: RedemptionChain;
  private readonly batchSize: number;
  private readonly intervalMs: number;
  private readonly receiptTimeoutMs: number;
  private readonly pullLimit: number;
  private readonly onError: (error: unknown) => void;
  private running: Promise<RedemptionRound> | null = null;
  private timer: NodeJS.Timeout | undefined;
  private stopped = true;

  constructor(options: RedeemerOptions) {
    this.source = options.source;
    this.store = options.store;
    this.chain = options.chain;
    this.batchSize = options.batchSize ?? 100;
    this.intervalMs = options.intervalMs ?? 60_000;
    this.receiptTimeoutMs = options.receiptTimeoutMs ?? 60_000;
    this.pullLimit = options.pullLimit ?? 1_000;
    this.onError = options.onError ?? (() => {});
    if (this.batchSize < 1 || this.pullLimit < 1) throw new RangeError('batchSize and pullLimit must be at least 1');
  }

  /** One round: settle open submissions, take new spent vouchers, redeem the queue in batches. Rounds never overlap. */
  runOnce(): Promise<RedemptionRound> {
    this.running ??= this.round().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** Runs a round now and then every intervalMs after the previous one ends. */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    const tick = (): void => {
      this.runOnce()
        .catch(this.onError)
        .finally(() => {
          if (!this.stopped) this.timer = setTimeout(tick, this.intervalMs);
        });
    };
    tick();
  }

  /** Stops scheduling rounds and waits for the one in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running?.catch(() => {});
  }

  private async round(): Promise<RedemptionRound> {
    const round: RedemptionRound = { queued: 0, mined: 0, redeemed: 0, paid: 0n, failed: 0, reverted: 0, open: 0 };
    for (const submission of await this.store.openSubmissions()) {
      if (!(await this.settle(submission, round))) {
        round.open += 1;
        return round;
      }
    }
    round.queued = await this.pull();
    for (;;) {
      const queued = await this.store.queued(this.batchSize);
      if (queued.length === 0) return round;
      const submission = await this.submit(queued, round);
      if (submission === null) continue;
      if (!(await this.waitForOutcome(submission, round))) {
        round.open += 1;
        return round;
      }
      // A revert that simulation did not predict would repeat at once: retry next round instead.
      if (round.reverted > 0) return round;
    }
  }

  /** Queues the engine's spent vouchers the store has not seen, each claimed in full. */
  private async pull(): Promise<number> {
    let total = 0;
    for (;;) {
      const spent = await this.source.spentVouchersAbove(await this.store.floors(), this.pullLimit);
      const claims: ClaimedVoucher[] = spent.map(({ spent: _spent, ...voucher }) => ({ voucher, claim: voucher.atoms }));
      await this.store.enqueue(claims);
      total += claims.length;
      if (spent.length < this.pullLimit) return total;
    }
  }

  /** Signs, records and broadcasts one batch; sets aside a voucher the contract refuses instead. */
  private async submit(queued: ClaimedVoucher[], round: RedemptionRound): Promise<Submission | null> {
    const batch = redemptionBatch(queued);
    const refused = await this.chain.refusal(batch);
    if (refused !== null) {
      await this.store.recordFailed(refused, refused.reason);
      round.failed += 1;
      return null;
    }
    const signed = await this.chain.sign(batch);
    const submission: Submission = { ...signed, vouchers: queued.map(({ voucher }) => ({ client: voucher.client, nonce: voucher.nonce })) };
    await this.store.recordSubmission(submission);
    await this.chain.broadcast(signed.rawTransaction);
    return submission;
  }

  /** Settles a submission left open by an earlier round or process; false while it is still pending. */
  private async settle(submission: Submission, round: RedemptionRound): Promise<boolean> {
    const outcome = await this.chain.outcome(submission.txHash, 0);
    if (outcome !== null) return this.record(submission, outcome, round);
    if ((await this.chain.minedTransactionCount()) > submission.accountNonce) {
      // Its nonce was used by another transaction and it has no receipt: it will never be mined.
      // Checked once more, in case it was mined between the two reads.
      const late = await this.chain.outcome(submission.txHash, 0);
      if (late !== null) return this.record(submission, late, round);
      await this.store.recordDropped(submission.txHash);
      return true;
    }
    await this.chain.broadcast(submission.rawTransaction);
    return this.waitForOutcome(submission, round);
  }

  private async waitForOutcome(submission: Submission, round: RedemptionRound): Promise<boolean> {
    const outcome = await this.chain.outcome(submission.txHash, this.receiptTimeoutMs);
    return outcome === null ? false : this.record(submission, outcome, round);
  }

  private async record(submission: Submission, outcome: RedemptionOutcome, round: RedemptionRound): Promise<boolean> {
    if (outcome.status === 'reverted') {
      // Nothing was paid; the next round simulates the batch again and sets aside what is refused.
      await this.store.recordDropped(submission.txHash);
      round.reverted += 1;
      return true;
    }
    const paidById = new Map(outcome.paid.map((each) => [voucherKeyId(each), each.paid]));
    const paid = submission.vouchers.map((key) => ({ ...key, paid: paidById.get(voucherKeyId(key)) ?? 0n }));
    await this.store.recordMined(submission.txHash, paid);
    round.mined += 1;
    round.redeemed += outcome.paid.length;
    round.paid += paid.reduce((sum, each) => sum + each.paid, 0n);
    return true;
  }
}
