import type { Address } from 'viem';
import { MAX_HELD_VOUCHERS, sameVoucher, type HeldVoucher, type SignedVoucher, type VoucherDomain, type VoucherHeader } from '../protocol';
import { EngineError } from './errors';
import type { ClientState } from './ports';
import type { VerifiedVoucherCache } from './verified-voucher-cache';

/** What the chain said about the client just before its state was locked. */
export interface VolatileFacts {
  subscribed: boolean;
  collateral: bigint;
}

export interface AcceptedVouchers {
  authenticating: SignedVoucher;
  inserted: bigint[];
  lastNonce: bigint;
}

function sameAddress(a: Address, b: Address): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

function isDeepFrozen(header: VoucherHeader): boolean {
  return Object.isFrozen(header) && Object.isFrozen(header.vouchers) && header.vouchers.every(Object.isFrozen);
}

/**
 * What a nonce_conflict (or a voucher_spent to a header behind the newest) answer shows the client
 * (§5.1): the voucher held under the conflicting nonce, the newest, and the newest unspent ones
 * between, ascending and at most MAX_HELD_VOUCHERS.
 */
async function heldVouchers(state: ClientState, conflicting: SignedVoucher | null, newest: bigint): Promise<HeldVoucher[]> {
  const newestHeld = await state.vouchers.voucherAt(newest);
  const held = new Map<bigint, SignedVoucher>();
  if (conflicting) held.set(conflicting.nonce, conflicting);
  if (newestHeld) held.set(newestHeld.nonce, newestHeld);
  const unspent = await state.vouchers.unspentVouchers();
  for (const voucher of unspent.reverse()) {
    if (held.size >= MAX_HELD_VOUCHERS) break;
    held.set(voucher.nonce, voucher);
  }
  return [...held.values()]
    .sort((a, b) => (a.nonce < b.nonce ? -1 : 1))
    .map(({ nonce, atoms, signature }) => ({ nonce, atoms, signature }));
}

/**
 * Decides whether a header's vouchers authenticate a client (the seed's vauth). Static checks
 * need nothing but the voucher; volatile checks need the chain and the client's stored vouchers.
 */
export class VoucherAuth {
  /** Frozen headers whose static checks passed; weak, so the holder of the header decides its lifetime. */
  private readonly passed = new WeakSet<VoucherHeader>();

  constructor(
    private readonly vendor: Address,
    private readonly domain: VoucherDomain,
    private readonly verified: VerifiedVoucherCache,
  ) {}

  /**
   * Checks every voucher in the header on its own. Throws EngineError. A deep-frozen header that
   * passed once passes again without a look (the vendor reuses one frozen object for every request
   * carrying the same header text); a header that can still change is checked every time.
   */
  async checkStatic(header: VoucherHeader): Promise<void> {
    if (this.passed.has(header)) return;
    this.checkShape(header);
    // Cheap field checks on all vouchers first, so a bad header costs no signature recovery.
    for (const voucher of header.vouchers) this.checkFields(voucher);
    for (const voucher of header.vouchers) {
      if (!(await this.verified.isSignedByClient(voucher))) {
        throw new EngineError('invalid_signature', `voucher ${voucher.nonce} is not signed by ${voucher.client}`);
      }
    }
    if (isDeepFrozen(header)) this.passed.add(header);
  }

  /**
   * Checks the header against the client's stored vouchers and inserts the new ones, in nonce
   * order. Call inside ClientStore.withClient. Every check runs before the first insert, so a
   * rejected header changes nothing even in a store without rollback.
   */
  async accept(state: ClientState, header: VoucherHeader, facts: VolatileFacts): Promise<AcceptedVouchers> {
    const client = header.client;
    if (!facts.subscribed) throw new EngineError('not_subscribed', `${client} is not subscribed to ${this.vendor}`);
    const lastKnown = await state.vouchers.lastKnownNonce();
    const expected = lastKnown === null ? 0n : lastKnown + 1n;
    const fresh: SignedVoucher[] = [];
    for (const voucher of header.vouchers) {
      if (voucher.nonce < expected) {
        // Older vouchers acknowledge what the vendor holds; they must match it exactly.
        const stored = await state.vouchers.voucherAt(voucher.nonce);
        if (stored === null || !sameVoucher(stored, voucher)) {
          // checkStatic verified every signature of the header: only the client's key holder gets here.
          throw new EngineError('nonce_conflict', `a different voucher is held under nonce ${voucher.nonce}`, {
            nextNonce: expected,
            heldVouchers: await heldVouchers(state, stored, expected - 1n),
          });
        }
      } else if (voucher.nonce === expected + BigInt(fresh.length)) {
        if (facts.collateral < voucher.atoms) {
          throw new EngineError(
            'collateral_too_low',
            `collateral ${facts.collateral} is below the ${voucher.atoms} atoms of voucher ${voucher.nonce}`,
            { nextNonce: expected },
          );
        }
        fresh.push(voucher);
      } else {
        throw new EngineError('nonce_gap', `expected nonce ${expected}, got ${voucher.nonce}`, { nextNonce: expected });
      }
    }
    const authenticating = header.vouchers[header.vouchers.length - 1]!;
    if (fresh.length === 0) {
      // Only the newest voucher authenticates; a spent one has been used up.
      const stored = await state.vouchers.voucherAt(authenticating.nonce);
      if (stored?.spent) {
        // A header that stops below the newest held voucher may come from a payer that lost its
        // state (its signatures were verified: it holds the key): show it what is held (§5.1).
        const behind = authenticating.nonce < expected - 1n;
        throw new EngineError('voucher_spent', `voucher ${authenticating.nonce} is spent; sign nonce ${expected}`, {
          nextNonce: expected,
          ...(behind ? { heldVouchers: await heldVouchers(state, null, expected - 1n) } : {}),
        });
      }
    }
    for (const voucher of fresh) await state.vouchers.insert(voucher);
    return {
      authenticating,
      inserted: fresh.map((voucher) => voucher.nonce),
      lastNonce: expected + BigInt(fresh.length) - 1n,
    };
  }

  private checkShape(header: VoucherHeader): void {
    const { vouchers } = header;
    if (vouchers.length === 0) throw new EngineError('malformed_voucher_header', 'the header carries no voucher');
    vouchers.forEach((voucher, index) => {
      const sameScope =
        sameAddress(voucher.client, header.client) &&
        sameAddress(voucher.vendor, header.vendor) &&
        voucher.chainId === header.chainId &&
        sameAddress(voucher.verifyingContract, header.verifyingContract);
      if (!sameScope) throw new EngineError('malformed_voucher_header', 'vouchers must share client, vendor and domain');
      if (index > 0 && voucher.nonce !== vouchers[index - 1]!.nonce + 1n) {
        throw new EngineError('malformed_voucher_header', 'nonces must be ascending and contiguous');
      }
    });
  }

  private checkFields(voucher: SignedVoucher): void {
    if (voucher.atoms <= 0n) throw new EngineError('zero_atoms', `voucher ${voucher.nonce} carries no atoms`);
    if (!sameAddress(voucher.vendor, this.vendor)) {
      throw new EngineError('wrong_vendor', `voucher ${voucher.nonce} names ${voucher.vendor}, not ${this.vendor}`);
    }
    if (voucher.chainId !== this.domain.chainId) {
      throw new EngineError('wrong_chain', `voucher ${voucher.nonce} is for chain ${voucher.chainId}`);
    }
    if (!sameAddress(voucher.verifyingContract, this.domain.verifyingContract)) {
      throw new EngineError('wrong_contract', `voucher ${voucher.nonce} is for contract ${voucher.verifyingContract}`);
    }
  }
}
