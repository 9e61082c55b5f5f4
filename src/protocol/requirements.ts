import type { Address, Hex } from 'viem';
import type { Asset } from './asset';
import { FieldReader, parseJson } from './codec';
import { creditToWire, readCredit, type CreditSnapshot } from './credit';
import { isPaymentErrorCode, type PaymentErrorCode } from './errors';
import type { Prices } from './pricing';
import { MAX_UINT256, MAX_UINT64 } from './voucher';

export const REQUIREMENTS_VERSION = 1;
export const MAX_REQUIREMENTS_LENGTH = 16_384;

export interface RoutePrices extends Prices {
  /** What the vendor locks before running this route (its approximate cost). */
  approxCost: bigint;
}

/** The body of a 402: why payment is needed and how to pay. */
export interface PaymentRequirements {
  version: typeof REQUIREMENTS_VERSION;
  error: { code: PaymentErrorCode; message: string };
  vendor: Address;
  chainId: bigint;
  verifyingContract: Address;
  asset: Asset;
  prices: RoutePrices;
  /** The nonce the vendor expects on the client's next new voucher. */
  nextNonce: bigint;
  suggestedVoucherAtoms: bigint;
  /** The client's credit, when the vendor knows the client. */
  credit?: CreditSnapshot;
  /**
   * Only on `nonce_conflict`, or `voucher_spent` to a header behind the newest held (§5.1): vouchers
   * the vendor holds for the client whose signed header it answers (the one under the conflicting
   * nonce, the newest, the unspent), ascending, 1 to 16. Client, vendor and domain are the header's
   * and this body's; the payer checks every signature.
   */
  heldVouchers?: HeldVoucher[];
}

/** A voucher a vendor holds, as its nonce_conflict answer lists it. */
export interface HeldVoucher {
  nonce: bigint;
  atoms: bigint;
  signature: Hex;
}

export const MAX_HELD_VOUCHERS = 16;

export function encodeRequirements(requirements: PaymentRequirements): string {
  const { asset } = requirements;
  return JSON.stringify({
    version: requirements.version,
    error: requirements.error,
    vendor: requirements.vendor,
    chainId: requirements.chainId.toString(),
    verifyingContract: requirements.verifyingContract,
    asset: {
      symbol: asset.symbol,
      decimals: asset.decimals,
      ...(asset.address ? { address: asset.address } : {}),
      ...(asset.microUsdPerUnit !== undefined ? { microUsdPerUnit: asset.microUsdPerUnit.toString() } : {}),
    },
    prices: {
      atomsPerHour: requirements.prices.atomsPerHour.toString(),
      atomsPerGB: requirements.prices.atomsPerGB.toString(),
      approxCost: requirements.prices.approxCost.toString(),
    },
    nextNonce: requirements.nextNonce.toString(),
    suggestedVoucherAtoms: requirements.suggestedVoucherAtoms.toString(),
    ...(requirements.credit ? { credit: creditToWire(requirements.credit) } : {}),
    ...(requirements.heldVouchers
      ? {
          heldVouchers: requirements.heldVouchers.map((held) => ({
            nonce: held.nonce.toString(),
            atoms: held.atoms.toString(),
            signature: held.signature.toLowerCase(),
          })),
        }
      : {}),
  });
}

function readHeldVouchers(read: FieldReader, value: unknown, field: string): HeldVoucher[] {
  const list = read.array(value, field);
  if (list.length === 0) read.fail(field, 'must not be empty');
  if (list.length > MAX_HELD_VOUCHERS) read.fail(field, `more than ${MAX_HELD_VOUCHERS}`);
  const held = list.map((item, index): HeldVoucher => {
    const at = read.at(`${field}[${index}]`);
    const entry = at.object(item, 'self');
    at.onlyKeys(entry, ['nonce', 'atoms', 'signature'], 'self');
    const atoms = at.uint(entry.atoms, 'atoms', MAX_UINT256);
    if (atoms === 0n) at.fail('atoms', 'must be greater than 0');
    return { nonce: at.uint(entry.nonce, 'nonce', MAX_UINT64), atoms, signature: at.signature(entry.signature, 'signature') };
  });
  held.forEach((entry, index) => {
    if (index > 0 && entry.nonce <= held[index - 1]!.nonce) read.fail(`${field}[${index}].nonce`, 'nonces must be strictly ascending');
  });
  return held;
}

function readAsset(read: FieldReader, value: unknown, field: string): Asset {
  const body = read.object(value, field);
  const at = read.at(field);
  at.onlyKeys(body, ['symbol', 'decimals', 'address', 'microUsdPerUnit'], 'self');
  const symbol = at.string(body.symbol, 'symbol', 16);
  if (!/^[A-Za-z0-9.$_-]{1,16}$/.test(symbol)) at.fail('symbol', 'must be 1-16 letters, digits or .$_-');
  const asset: Asset = { symbol, decimals: at.smallInt(body.decimals, 'decimals', 0, 36) };
  if (body.address !== undefined) asset.address = at.address(body.address, 'address');
  const usd = at.optionalUint(body.microUsdPerUnit, 'microUsdPerUnit', MAX_UINT256);
  if (usd !== undefined) asset.microUsdPerUnit = usd;
  return asset;
}

export function readPrices(read: FieldReader, value: unknown, field: string): RoutePrices {
  const body = read.object(value, field);
  const at = read.at(field);
  at.onlyKeys(body, ['atomsPerHour', 'atomsPerGB', 'approxCost'], 'self');
  return {
    atomsPerHour: at.uint(body.atomsPerHour, 'atomsPerHour', MAX_UINT256),
    atomsPerGB: at.uint(body.atomsPerGB, 'atomsPerGB', MAX_UINT256),
    approxCost: at.uint(body.approxCost, 'approxCost', MAX_UINT256),
  };
}

/** Parses a 402 body (text or an already parsed JSON value). */
export function parseRequirements(input: string | unknown): PaymentRequirements {
  const read: FieldReader = new FieldReader('malformed_requirements');
  if (typeof input === 'string' && input.length > MAX_REQUIREMENTS_LENGTH) {
    read.fail('body', `longer than ${MAX_REQUIREMENTS_LENGTH} characters`);
  }
  const json = typeof input === 'string' ? parseJson(input) : input;
  if (json === undefined) read.fail('body', 'must be JSON');
  const body = read.object(json, 'body');
  read.onlyKeys(
    body,
    ['version', 'error', 'vendor', 'chainId', 'verifyingContract', 'asset', 'prices', 'nextNonce', 'suggestedVoucherAtoms', 'credit', 'heldVouchers'],
    'body',
  );
  if (body.version !== REQUIREMENTS_VERSION) read.fail('version', `must be ${REQUIREMENTS_VERSION}`);
  const error = read.object(body.error, 'error');
  read.at('error').onlyKeys(error, ['code', 'message'], 'self');
  const code = error.code;
  if (!isPaymentErrorCode(code)) read.fail('error.code', 'is not a known error code');
  const requirements: PaymentRequirements = {
    version: REQUIREMENTS_VERSION,
    error: { code, message: read.string(error.message, 'error.message', 512) },
    vendor: read.address(body.vendor, 'vendor'),
    chainId: read.uint(body.chainId, 'chainId', MAX_UINT64),
    verifyingContract: read.address(body.verifyingContract, 'verifyingContract'),
    asset: readAsset(read, body.asset, 'asset'),
    prices: readPrices(read, body.prices, 'prices'),
    nextNonce: read.uint(body.nextNonce, 'nextNonce', MAX_UINT64),
    suggestedVoucherAtoms: read.uint(body.suggestedVoucherAtoms, 'suggestedVoucherAtoms', MAX_UINT256),
  };
  if (body.credit !== undefined) requirements.credit = readCredit(read, body.credit, 'credit');
  if (body.heldVouchers !== undefined) {
    if (code !== 'nonce_conflict' && code !== 'voucher_spent') read.fail('heldVouchers', 'only a nonce_conflict or voucher_spent answer lists held vouchers');
    const held = readHeldVouchers(read, body.heldVouchers, 'heldVouchers');
    // The vendor holds every nonce below nextNonce: the newest it lists is the one just below.
    if (held[held.length - 1]!.nonce + 1n !== requirements.nextNonce) read.fail('heldVouchers', 'must end with the newest held voucher, nextNonce - 1');
    requirements.heldVouchers = held;
  }
  return requirements;
}
