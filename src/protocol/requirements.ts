import type { Address } from 'viem';
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
}

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
  });
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
    ['version', 'error', 'vendor', 'chainId', 'verifyingContract', 'asset', 'prices', 'nextNonce', 'suggestedVoucherAtoms', 'credit'],
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
  return requirements;
}
