import type { LocalAccount } from 'viem';
import {
  encodeVoucherHeader,
  MAX_UINT64,
  parseVoucherHeader,
  signVoucher,
  type Asset,
  type PaymentRequirements,
  type Prices,
  type Receipt,
  type SignedVoucher,
} from '../protocol';
import type { AssetRegistry } from './asset-registry';
import { PayerError } from './errors';
import {
  checkReceiptCost,
  DEFAULT_OVERCHARGE_TOLERANCE,
  topUpThreshold,
  type ObservedUsage,
  type OverchargeCheck,
  type OverchargeTolerance,
} from './overcharge';
import type { PaymentPolicy, PaymentRequest, PolicyVerdict } from './policy';
import { sameVendorKey, vendorKeyFromRequirements, vendorKeyId, type VendorKey } from './vendor-key';
import { createSharedKeyedLock, type KeyedLock } from '../lib/keyed-lock';
import { newestSignedNonce } from './voucher-state/transitions';
import type { Adoption, VendorHold, VendorVoucherState, VoucherEntry, VoucherStateStore } from './voucher-state/types';
import { currentWindow, windowFrom } from './voucher-window';
import { ReceiptWaiters } from './receipt-waiters';

export type VoucherSigner = Pick<LocalAccount, 'address' | 'signTypedData'>;

export interface VoucherIssuerOptions {
  state: VoucherStateStore;
  signer: VoucherSigner;
  policy: PaymentPolicy;
  lock?: KeyedLock;
  now?: () => number;
  overchargeTolerance?: OverchargeTolerance;
  /** Where 402s with Retry-After wait for receipts; default one of this issuer's own. */
  waiters?: ReceiptWaiters;
  /** What the chain says this client's vouchers at a vendor were redeemed up to, where a chain reader exists. */
  chain?: RedeemedNonceFloor;
  /**
   * The wallet's own assets: when given, a vendor is paid only in an asset it lists, and its
   * symbol and decimals are stored from the list, never from the 402 (the extension). Without
   * it the 402's asset is taken as given (Node clients choosing their vendors themselves).
   */
  assets?: AssetRegistry;
}

/**
 * The chain's redeemed record as a floor for nonces (§5.1): no nonce below it may be signed again,
 * whatever a vendor says. Optional: a payer without a chain reader trusts only signatures.
 */
export interface RedeemedNonceFloor {
  /** One past the highest nonce of `key.client`'s vouchers the vendor redeemed in this domain; 0 when none. */
  redeemedNonceFloor(key: VendorKey): Promise<bigint>;
}

export interface PaymentContext {
  /** Newest nonce in the x-voucher header of the request that got the 402; null when it had none. */
  sentNewestNonce: bigint | null;
  origin?: string;
  /** The vendor this request is meant for; a 402 naming another is refused. */
  key?: VendorKey;
  /** The 402's Retry-After in ms (retryAfterMs), when it had one. */
  retryAfterMs?: number;
  /** The request's signal: a wait for receipts ends when it aborts. */
  signal?: AbortSignal;
}

export type PaymentDecision =
  | { ok: true; key: VendorKey; header: string; newestNonce: bigint; signed: SignedVoucher | null }
  | { ok: false; error: PayerError };

export interface ReceiptsOutcome {
  /** The vendor's state with the receipts counted. */
  state: VendorVoucherState;
  /** A voucher signed ahead because credit ran low, or why none could be. */
  topUp?: PaymentDecision;
}

export interface ReceiptOutcome {
  /** null when the vendor's prices are not known yet. */
  overcharge: OverchargeCheck | null;
  /** A voucher signed ahead because credit ran low, or why none could be. */
  topUp?: PaymentDecision;
}

/** Newest nonce of an x-voucher header value (no signature check: it is our own header). */
export function newestNonceOfHeader(value: string | null | undefined): bigint | null {
  if (!value) return null;
  const vouchers = parseVoucherHeader(value).vouchers;
  return vouchers[vouchers.length - 1]!.nonce;
}

/**
 * Decides what a request pays with. Steady state costs no signature and no 402: requests carry
 * currentHeader, and a voucher is signed ahead when a receipt shows credit running low. A 402
 * gets a header back, signing only when the vendor holds every voucher we have and the failed
 * request already carried the newest, so N parallel 402s sign one voucher, not N.
 */
export class VoucherIssuer {
  private readonly lock: KeyedLock;
  private readonly now: () => number;
  private readonly tolerance: OverchargeTolerance;
  private readonly waiters: ReceiptWaiters;

  constructor(private readonly options: VoucherIssuerOptions) {
    this.lock = options.lock ?? createSharedKeyedLock();
    this.waiters = options.waiters ?? new ReceiptWaiters();
    this.now = options.now ?? Date.now;
    this.tolerance = options.overchargeTolerance ?? DEFAULT_OVERCHARGE_TOLERANCE;
  }

  get client() {
    return this.options.signer.address;
  }

  keyFor(requirements: PaymentRequirements): VendorKey {
    return vendorKeyFromRequirements(this.client, requirements);
  }

  async currentHeader(key: VendorKey): Promise<string | null> {
    const state = await this.options.state.get(key);
    if (!state) return null;
    const window = currentWindow(state);
    return window.length > 0 ? encodeVoucherHeader(window) : null;
  }

  async onPaymentRequired(requirements: PaymentRequirements, context: PaymentContext): Promise<PaymentDecision> {
    const key = this.keyFor(requirements);
    if (context.key && !sameVendorKey(context.key, key)) {
      return refuse('requirements_mismatch', `402 names vendor ${key.vendor}, expected ${context.key.vendor}`, {
        vendor: key.vendor,
        chainId: key.chainId.toString(),
        verifyingContract: key.verifyingContract,
      });
    }
    const asset = await this.assetOf(requirements);
    if (!asset) {
      return refuse('unknown_asset', `the wallet knows no asset for contract ${requirements.verifyingContract} on chain ${requirements.chainId}`, {
        chainId: requirements.chainId.toString(),
        verifyingContract: requirements.verifyingContract,
      });
    }
    if (requirements.error.code === 'nonce_conflict') return this.recover(key, requirements, asset, context);
    if (context.retryAfterMs !== undefined && context.sentNewestNonce !== null && waitingMayCover(requirements)) {
      // §7.1: the vendor's credit is held by requests in flight; their receipts give it back. Wait
      // for them (or the Retry-After) and retry with the vouchers we hold, instead of signing.
      await this.waiters.wait(vendorKeyId(key), context.retryAfterMs, context.signal);
      const state = await this.options.state.get(key);
      const window = state ? currentWindow(state) : [];
      if (window.length > 0) return accept(key, window, null);
    }
    return this.locked(key, async () => {
      const { state: store } = this.options;
      let state = await store.get(key);
      if (state) {
        const stopped = await this.checkTerms(key, state, requirements, asset);
        if (stopped) return stopped;
        state = await this.completeUnsigned(key, state);
      }
      const newest = state ? newestSignedNonce(state) : null;
      if (state && newest !== null) {
        const sent = context.sentNewestNonce;
        // Without a header the vendor cannot know us and its nextNonce means nothing: send ours.
        if (sent === null) return accept(key, currentWindow(state), null);
        // The vendor lacks vouchers we signed (it lost them, or a parallel request's voucher has
        // not reached it): resend them, never sign their nonces again.
        const missing = requirements.nextNonce <= newest ? windowFrom(state, requirements.nextNonce) : [];
        if (missing.length > 0) return accept(key, missing, null);
        // A parallel 402 already led to a newer voucher than this request carried.
        if (newest > sent) return accept(key, currentWindow(state), null);
        // An honest vendor cannot hold a nonce we never signed; signing its jump would burn nonces.
        // Unless we lost our state: then it shows what it holds, which we check and adopt (§5.1).
        if (requirements.nextNonce > newest + 1n && requirements.heldVouchers !== undefined) return this.recoverLocked(key, requirements, asset, context);
        if (requirements.nextNonce > newest + 1n) {
          return refuse('nonce_jump', `the vendor asks for nonce ${requirements.nextNonce}, the newest signed is ${newest}`, {
            nextNonce: requirements.nextNonce.toString(),
            newestNonce: newest.toString(),
          });
        }
      }
      const credit = requirements.credit;
      if (credit && credit.cap < requirements.prices.approxCost) {
        return refuse('credit_capped', 'the vendor caps credit below this route\'s cost; a new voucher would not help', {
          cap: credit.cap.toString(),
          approxCost: requirements.prices.approxCost.toString(),
        });
      }
      const request: PaymentRequest = { key, reason: 'payment_required', requirements };
      if (context.origin !== undefined) request.origin = context.origin;
      const verdict = await this.options.policy.authorize(request);
      if (!verdict.allow) return refuse(verdict.code, verdict.message);
      let minNonce = requirements.nextNonce;
      if (!state) {
        // First sight without an approval step (a Node client's policy): these terms are the approved ones.
        await store.ensure(key, verdict.limits);
        await store.approveTerms(key, { prices: requirements.prices, asset });
        state = (await store.get(key))!;
        // A first voucher (a new install, a cleared profile) starts above what the chain redeemed.
        const floor = await this.redeemedFloor(key);
        if (floor > minNonce) minNonce = floor;
      }
      const { approxCost } = requirements.prices;
      const suggested = requirements.suggestedVoucherAtoms;
      return this.issue(key, state, {
        minNonce,
        atomsWanted: suggested > approxCost ? suggested : approxCost,
        atomsMin: approxCost,
      });
    });
  }

  async onReceipt(key: VendorKey, receipt: Receipt, observed: ObservedUsage): Promise<ReceiptOutcome> {
    const prices = (await this.options.state.get(key))?.prices;
    const overcharge = prices ? checkReceiptCost(receipt, prices, observed, this.tolerance) : null;
    const { topUp } = await this.onReceipts(key, [receipt], new Set(), { overcharged: overcharge?.suspected ?? false });
    return topUp ? { overcharge, topUp } : { overcharge };
  }

  /**
   * Counts receipts of one vendor in one state update (the extension's worker gets them batched):
   * the highest acknowledged nonce, the credit of the receipt the vendor settled last (whatever
   * order the batch has them in), the summed cost.
   * Receipts in `recounted` were counted before (a batch resent after the worker died): they
   * still bring the nonce and credit up to date, but add no cost. Credit is checked once, after
   * all of them, so a batch tops up at most once. `overcharged`: one of them charged more than the
   * prices allow (the caller checked it against what it observed): signing stops for this vendor
   * in the same update, so no top-up follows, until the user resumes it.
   */
  async onReceipts(
    key: VendorKey,
    receipts: readonly Receipt[],
    recounted: ReadonlySet<Receipt> = new Set(),
    options: { overcharged?: boolean } = {},
  ): Promise<ReceiptsOutcome> {
    const latest = settledLast(receipts);
    if (!latest) throw new RangeError('no receipts to count');
    let lastNonce = latest.lastNonce;
    let cost = 0n;
    for (const receipt of receipts) {
      if (!sameVendorKey(key, { ...key, vendor: receipt.vendor, client: receipt.client })) {
        throw new PayerError('requirements_mismatch', `receipt names vendor ${receipt.vendor} / client ${receipt.client}`, {
          vendor: receipt.vendor,
          client: receipt.client,
        });
      }
      if (receipt.lastNonce > lastNonce) lastNonce = receipt.lastNonce;
      if (!recounted.has(receipt)) cost += receipt.cost;
    }
    const state = await this.options.state.recordReceipt(key, {
      lastNonce,
      credit: latest.credit,
      cost,
      at: this.now(),
      receipts: receipts.filter((receipt) => !recounted.has(receipt)).length,
      ...(options.overcharged ? { hold: { reason: 'overcharge_suspected', at: this.now() } as const } : {}),
    });
    this.wakeWaiters(key, state, latest);
    if (!needsTopUp(state)) return { state };
    const topUp = await this.topUp(key);
    return topUp ? { state, topUp } : { state };
  }

  /**
   * A vendor holds other vouchers of ours under nonces we signed again (§5.1): we lost our state.
   * Its answer lists what it holds; each is checked to be signed by our key for this vendor and
   * domain before anything is adopted (one that is not refuses them all, held_voucher_invalid), then
   * they become ours, counted against the budget, and we continue at the vendor's next nonce (or
   * the chain's redeemed floor, if higher): the retry carries the newest of them, or, when the
   * vendor's credit shows them used up, a voucher signed at that next nonce.
   */
  private async recover(key: VendorKey, requirements: PaymentRequirements, asset: Asset, context: PaymentContext): Promise<PaymentDecision> {
    const held = requirements.heldVouchers;
    if (held === undefined) {
      return refuse('nonce_conflict', 'the vendor holds other vouchers under our nonces and does not show them', {
        nextNonce: requirements.nextNonce.toString(),
      });
    }
    return this.locked(key, () => this.recoverLocked(key, requirements, asset, context));
  }

  /** recover's part under the vendor's lock (also entered from a voucher_spent that shows held vouchers). */
  private async recoverLocked(key: VendorKey, requirements: PaymentRequirements, asset: Asset, context: PaymentContext): Promise<PaymentDecision> {
    const held = requirements.heldVouchers ?? [];
    for (const voucher of held) {
      if (!(await this.isOurs(key, voucher))) {
        return refuse('held_voucher_invalid', `the vendor's voucher ${voucher.nonce} is not signed by this wallet for this vendor and domain`, {
          nonce: voucher.nonce.toString(),
        });
      }
    }
    const floor = await this.redeemedFloor(key);
    const nextNonce = floor > requirements.nextNonce ? floor : requirements.nextNonce;
    const { state: store, policy } = this.options;
    const request: PaymentRequest = { key, reason: 'payment_required', requirements };
    if (context.origin !== undefined) request.origin = context.origin;
    let verdict: PolicyVerdict | undefined;
    const known = await store.get(key);
    if (known) {
      const stopped = await this.checkTerms(key, known, requirements, asset);
      if (stopped) return stopped;
    } else {
      verdict = await policy.authorize(request);
      if (!verdict.allow) return refuse(verdict.code, verdict.message);
      await store.ensure(key, verdict.limits);
      await store.approveTerms(key, { prices: requirements.prices, asset });
    }
    const adoption: Adoption = { vouchers: held, nextNonce, now: this.now() };
    if (requirements.credit) adoption.unspentAtoms = requirements.credit.unspent;
    const state = await store.adopt(key, adoption);
    const { approxCost } = requirements.prices;
    const credit = requirements.credit;
    if (credit === undefined || credit.available >= approxCost) return accept(key, currentWindow(state), null);
    verdict ??= await policy.authorize(request);
    if (!verdict.allow) return refuse(verdict.code, verdict.message);
    const suggested = requirements.suggestedVoucherAtoms;
    return this.issue(key, state, { minNonce: state.nextNonce, atomsWanted: suggested > approxCost ? suggested : approxCost, atomsMin: approxCost });
  }

  /**
   * Whether a voucher the vendor shows is ours: our key signs the same content to the same bytes
   * (EIP-712 signatures of a local key are deterministic, RFC 6979), so signing it again and
   * comparing proves it without recovering a public key (viem loads that code with a dynamic
   * import, which an extension service worker refuses). The signature stays here: it is the
   * vendor's own voucher, not a new one. A signer that adds entropy makes every voucher look foreign:
   * recovery then refuses, it never adopts.
   */
  private async isOurs(key: VendorKey, voucher: { nonce: bigint; atoms: bigint; signature: string }): Promise<boolean> {
    let mine: SignedVoucher;
    try {
      mine = await signVoucher(this.options.signer, key, { vendor: key.vendor, nonce: voucher.nonce, atoms: voucher.atoms });
    } catch (error) {
      const code = (error as { code?: unknown })?.code === 'wallet_locked' ? 'wallet_locked' : 'signer_failed';
      throw new PayerError(code, `the signer failed: ${String(error)}`, { nonce: voucher.nonce.toString() }, { cause: error });
    }
    return mine.signature.toLowerCase() === voucher.signature.toLowerCase();
  }

  private async redeemedFloor(key: VendorKey): Promise<bigint> {
    return (await this.options.chain?.redeemedNonceFloor(key)) ?? 0n;
  }

  /**
   * A receipt is one request settled, its lock given back: one 402 waiting on Retry-After retries,
   * when the receipt shows room for it (the lock it freed less what it was charged may not be
   * enough; a later receipt then frees more). With nothing locked any more, waiting cannot help:
   * every waiter retries, and meets the 402 that says what to sign.
   */
  private wakeWaiters(key: VendorKey, state: VendorVoucherState, latest: Receipt): void {
    const { locked, available } = latest.credit;
    const approxCost = state.prices?.approxCost ?? 0n;
    this.waiters.wake(vendorKeyId(key), locked === 0n ? 'all' : available >= approxCost ? 1n : 0n);
  }

  /** Signs the next voucher ahead; re-checks under the lock so concurrent receipts top up once. */
  private async topUp(key: VendorKey): Promise<PaymentDecision | undefined> {
    return this.locked(key, async () => {
      let state = await this.options.state.get(key);
      if (!state || !needsTopUp(state)) return undefined;
      if (state.hold) return refuseHeld(state.hold);
      state = await this.completeUnsigned(key, state);
      const verdict = await this.options.policy.authorize({ key, reason: 'top_up' });
      if (!verdict.allow) return refuse(verdict.code, verdict.message);
      const last = lastSigned(state)!;
      const approxCost = state.prices!.approxCost;
      return this.issue(key, state, {
        minNonce: state.nextNonce,
        atomsWanted: last.atoms > approxCost ? last.atoms : approxCost,
        atomsMin: approxCost,
      });
    });
  }

  /** Runs under the vendor's lock; a PayerError thrown inside becomes a refusal. */
  private async locked<T>(key: VendorKey, fn: () => Promise<T>): Promise<T | PaymentDecision> {
    try {
      return await this.lock.run(lockName(key), fn);
    } catch (error) {
      if (error instanceof PayerError) return { ok: false, error };
      throw error;
    }
  }

  /** Reserve (budget + nonce, one transaction) → sign → store; the header leaves only after. */
  private async issue(
    key: VendorKey,
    state: VendorVoucherState,
    want: { minNonce: bigint; atomsWanted: bigint; atomsMin: bigint },
  ): Promise<PaymentDecision> {
    const unused = unchargedAtoms(state);
    const last = lastSigned(state);
    if (last && unused >= last.atoms) {
      return refuse('vouchers_unused', `receipts show ${unused} of the atoms signed to this vendor unused, no less than its newest voucher`, {
        unchargedAtoms: unused.toString(),
        newestVoucherAtoms: last.atoms.toString(),
      });
    }
    if (state.maxVoucherAtoms < want.atomsMin) {
      return refuse('voucher_too_large', `this route needs at least ${want.atomsMin} atoms a voucher, the cap is ${state.maxVoucherAtoms}`, {
        atomsMin: want.atomsMin.toString(),
        maxVoucherAtoms: state.maxVoucherAtoms.toString(),
      });
    }
    const nonce = want.minNonce > state.nextNonce ? want.minNonce : state.nextNonce;
    if (nonce > MAX_UINT64) {
      return refuse('nonces_exhausted', `the next nonce ${nonce} exceeds 2^64 - 1`, { nonce: nonce.toString() });
    }
    const atomsWanted = want.atomsWanted < state.maxVoucherAtoms ? want.atomsWanted : state.maxVoucherAtoms;
    const request = { minNonce: want.minNonce, atomsWanted, atomsMin: want.atomsMin, now: this.now() };
    let result = await this.options.state.reserve(key, request);
    if (result.kind === 'unsigned') {
      // Another process reserved without finishing: finish its voucher first, then reserve anew.
      await this.sign(key, result.entry);
      result = await this.options.state.reserve(key, request);
    }
    if (result.kind === 'budget_exhausted') {
      return refuse('budget_exhausted', `budget left ${result.leftAtoms} atoms, this route needs ${want.atomsMin}`, {
        leftAtoms: result.leftAtoms.toString(),
        atomsMin: want.atomsMin.toString(),
      });
    }
    if (result.kind !== 'reserved') throw new RangeError('a reservation is still unsigned');
    const signed = await this.sign(key, result.entry);
    const after = (await this.options.state.get(key))!;
    return accept(key, currentWindow(after), signed);
  }

  /**
   * Signs a reserved entry's fixed content. A failing signer (wallet locked, or signer_failed) leaves the entry
   * reserved; the next issue signs the same content, so the nonce never gets other atoms.
   */
  private async sign(key: VendorKey, entry: VoucherEntry): Promise<SignedVoucher> {
    let signed: SignedVoucher;
    try {
      signed = await signVoucher(this.options.signer, key, { vendor: key.vendor, nonce: entry.nonce, atoms: entry.atoms });
    } catch (error) {
      const code = (error as { code?: unknown })?.code === 'wallet_locked' ? 'wallet_locked' : 'signer_failed';
      throw new PayerError(code, `the signer failed: ${String(error)}`, { nonce: entry.nonce.toString() }, { cause: error });
    }
    await this.options.state.storeSignature(key, entry.nonce, signed.signature);
    return signed;
  }

  /** The asset vouchers to this vendor are valued in: the wallet's own when it keeps a list (undefined: unknown). */
  private async assetOf(requirements: PaymentRequirements): Promise<Asset | undefined> {
    if (!this.options.assets) return requirements.asset;
    const known = await this.options.assets.assetFor(requirements);
    if (!known) return undefined;
    const { defaults: _defaults, ...asset } = known;
    return asset;
  }

  /**
   * A 402's terms against the approved ones: rates above them stop signing (a hold, until the
   * user approves the new ones); equal or lower rates become the ones receipts are checked
   * against. A vendor on hold gets nothing, not even the vouchers it already holds resent.
   */
  private async checkTerms(
    key: VendorKey,
    state: VendorVoucherState,
    requirements: PaymentRequirements,
    asset: Asset,
  ): Promise<PaymentDecision | null> {
    const approved = state.approvedPrices ?? state.prices;
    if (!state.hold && approved && ratesRaised(approved, requirements.prices)) {
      const hold: VendorHold = { reason: 'prices_raised', approved: rates(approved), offered: requirements.prices, at: this.now() };
      await this.options.state.setHold(key, hold);
      return refuseHeld(hold);
    }
    if (state.hold) return refuseHeld(state.hold);
    await this.options.state.setTerms(key, { prices: requirements.prices, asset });
    return null;
  }

  /** A reservation left unsigned by a crash is signed with its stored content before anything else. */
  private async completeUnsigned(key: VendorKey, state: VendorVoucherState): Promise<VendorVoucherState> {
    const unsigned = state.vouchers.filter((entry) => entry.signature === undefined);
    if (unsigned.length === 0) return state;
    for (const entry of unsigned) await this.sign(key, entry);
    return (await this.options.state.get(key))!;
  }
}

/**
 * Credit within twice the top-up threshold, or not known yet: the payer wants this vendor's
 * receipts without delay, since the next one may call for a top-up. Otherwise they may wait.
 */
export function creditNearTopUp(state: VendorVoucherState): boolean {
  const last = lastSigned(state);
  if (!last || !state.prices || !state.lastCredit) return true;
  return state.lastCredit.available < 2n * topUpThreshold(last.atoms, state.prices.approxCost);
}

/**
 * The receipt the vendor settled last, from what receipts say rather than the order they came in
 * (a page's batch orders them by request, not by answer): the vendor's newest voucher only grows,
 * and between vouchers its settled credit (unspent − unmarked) only shrinks.
 */
export function settledLast(receipts: readonly Receipt[]): Receipt | undefined {
  const settled = (receipt: Receipt) => receipt.credit.unspent - receipt.credit.unmarked;
  let last: Receipt | undefined;
  for (const receipt of receipts) {
    if (!last || receipt.lastNonce > last.lastNonce || (receipt.lastNonce === last.lastNonce && settled(receipt) <= settled(last))) {
      last = receipt;
    }
  }
  return last;
}

/**
 * The vendor's own Retry-After rule (§7.1), checked on its 402's credit so a vendor cannot make a
 * payer wait where waiting cannot help: something is locked, and what is left once it settles
 * covers the route within the cap.
 */
function waitingMayCover(requirements: PaymentRequirements): boolean {
  const { credit, prices } = requirements;
  if (requirements.error.code !== 'insufficient_credit' || credit === undefined || credit.locked === 0n) return false;
  return credit.unspent - credit.unmarked >= prices.approxCost && credit.cap >= prices.approxCost;
}

function needsTopUp(state: VendorVoucherState): boolean {
  const newest = newestSignedNonce(state);
  const last = lastSigned(state);
  if (newest === null || !last || !state.prices || !state.lastCredit) return false;
  const outstanding = state.ackedNonce === null || newest > state.ackedNonce;
  return !outstanding && state.lastCredit.available < topUpThreshold(last.atoms, state.prices.approxCost);
}

/**
 * Atoms signed to the vendor that the receipts counted do not show charged. A new voucher is
 * signed only while this is below the newest voucher's atoms, i.e. once receipts show that
 * voucher in use: a vendor that never serves (402 forever) gets one voucher, and any vendor holds
 * at most about two vouchers' worth beyond what it showed charged. Receipts the wallet never sees
 * count as unused here, so a page that loses receipts may stall a vendor sooner, never overpay.
 */
export function unchargedAtoms(state: VendorVoucherState): bigint {
  const left = state.budget.spentAtoms - (state.chargedAtoms ?? 0n);
  return left > 0n ? left : 0n;
}

/** Any rate above the approved one (the approximate cost of a route is no rate: it varies by route). */
export function ratesRaised(approved: Prices, offered: Prices): boolean {
  return offered.atomsPerHour > approved.atomsPerHour || offered.atomsPerGB > approved.atomsPerGB;
}

function rates(prices: Prices): Prices {
  return { atomsPerHour: prices.atomsPerHour, atomsPerGB: prices.atomsPerGB };
}

function refuseHeld(hold: VendorHold): PaymentDecision {
  if (hold.reason === 'prices_raised') {
    return refuse('prices_raised', 'the vendor asks for higher prices than approved: signing stops until the user approves them', {
      approved: { atomsPerHour: hold.approved.atomsPerHour.toString(), atomsPerGB: hold.approved.atomsPerGB.toString() },
      offered: { atomsPerHour: hold.offered.atomsPerHour.toString(), atomsPerGB: hold.offered.atomsPerGB.toString() },
    });
  }
  return refuse('overcharge_suspected', 'a receipt of this vendor charged more than its prices allow: signing stops until the user resumes it');
}

function lastSigned(state: VendorVoucherState): VoucherEntry | undefined {
  const signed = state.vouchers.filter((entry) => entry.signature !== undefined);
  return signed[signed.length - 1];
}

function lockName(key: VendorKey): string {
  return `voucher-wallet:issue:${vendorKeyId(key)}`;
}

function accept(key: VendorKey, window: SignedVoucher[], signed: SignedVoucher | null): PaymentDecision {
  return { ok: true, key, header: encodeVoucherHeader(window), newestNonce: window[window.length - 1]!.nonce, signed };
}

function refuse(code: PayerError['code'], message: string, details: Record<string, unknown> = {}): PaymentDecision {
  return { ok: false, error: new PayerError(code, message, details) };
}
