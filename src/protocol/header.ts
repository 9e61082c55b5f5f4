import { getAddress, type Address, type Hex } from 'viem';
import { base64UrlJsonDifference } from './canonical';
import { FieldReader, decodeBase64UrlJson, encodeBase64UrlJson } from './codec';
import { VOUCHER_HEADER_VERSION } from './constants';
import { ProtocolParseError } from './errors';
import { MAX_UINT256, MAX_UINT64, type SignedVoucher } from './voucher';

/**
 * The request header that carries a client's vouchers to a vendor:
 *
 *   X-Voucher: v1.<base64url(JSON)>
 *
 * The JSON names the client, vendor and domain once and lists one or more vouchers with
 * contiguous ascending nonces. The last (newest) voucher authenticates the request; the
 * others are ones the vendor may not have seen yet, so that parallel requests which each
 * carry a new voucher can reach the vendor in any order (docs/protocol.md, "Parallel
 * requests").
 */
export const MAX_VOUCHER_HEADER_LENGTH = 8192;
export const MAX_VOUCHERS_PER_HEADER = 16;

export interface VoucherHeader {
  client: Address;
  vendor: Address;
  chainId: bigint;
  verifyingContract: Address;
  /** Ascending, contiguous nonces; the last one authenticates. */
  vouchers: SignedVoucher[];
}

export function encodeVoucherHeader(vouchers: readonly SignedVoucher[]): string {
  const first = vouchers[0];
  if (first === undefined) throw new RangeError('a voucher header needs at least one voucher');
  if (vouchers.length > MAX_VOUCHERS_PER_HEADER) {
    throw new RangeError(`a voucher header carries at most ${MAX_VOUCHERS_PER_HEADER} vouchers`);
  }
  const sorted = [...vouchers].sort((a, b) => (a.nonce < b.nonce ? -1 : a.nonce > b.nonce ? 1 : 0));
  sorted.forEach((voucher, index) => {
    const sameScope =
      voucher.client === first.client &&
      voucher.vendor === first.vendor &&
      voucher.chainId === first.chainId &&
      voucher.verifyingContract === first.verifyingContract;
    if (!sameScope) throw new RangeError('vouchers in one header must share client, vendor and domain');
    if (index > 0 && voucher.nonce !== sorted[index - 1]!.nonce + 1n) {
      throw new RangeError('vouchers in one header must have contiguous nonces');
    }
  });
  return `${VOUCHER_HEADER_VERSION}.${canonicalPayload({
    client: getAddress(first.client),
    vendor: getAddress(first.vendor),
    chainId: first.chainId,
    verifyingContract: getAddress(first.verifyingContract),
    vouchers: sorted.map((voucher) => ({ ...voucher, signature: voucher.signature.toLowerCase() as Hex })),
  })}`;
}

/**
 * The one encoding of a header whose addresses are already checksummed and signatures lowercase:
 * what the encoder sends and what the parser compares a received header with.
 */
function canonicalPayload(header: VoucherHeader): string {
  return encodeBase64UrlJson({
    client: header.client,
    vendor: header.vendor,
    chainId: header.chainId.toString(),
    verifyingContract: header.verifyingContract,
    vouchers: header.vouchers.map((voucher) => ({
      nonce: voucher.nonce.toString(),
      atoms: voucher.atoms.toString(),
      signature: voucher.signature,
    })),
  });
}

/**
 * True when a header value is several x-voucher headers joined into one, as Node's
 * IncomingMessage.headers and the Fetch API's Headers.get join repeated fields: with ", ". No
 * valid value contains a comma (any other comma fails as malformed_voucher_header).
 */
export function isJoinedVoucherHeader(value: string): boolean {
  return value.includes(', ');
}

export function parseVoucherHeader(value: string | null | undefined): VoucherHeader {
  if (typeof value !== 'string' || value.length === 0) {
    throw new ProtocolParseError('malformed_voucher_header', 'header', 'missing');
  }
  if (value.length > MAX_VOUCHER_HEADER_LENGTH) {
    throw new ProtocolParseError(
      'voucher_header_too_large',
      'header',
      `longer than ${MAX_VOUCHER_HEADER_LENGTH} characters`,
    );
  }
  if (isJoinedVoucherHeader(value)) {
    throw new ProtocolParseError('duplicate_voucher_header', 'header', 'two or more x-voucher headers (joined with ", ")');
  }
  const dot = value.indexOf('.');
  const version = dot < 0 ? value : value.slice(0, dot);
  if (version !== VOUCHER_HEADER_VERSION) {
    if (/^v[0-9]+$/.test(version)) {
      throw new ProtocolParseError('unsupported_version', 'version', `"${version}" is not supported`);
    }
    throw new ProtocolParseError('malformed_voucher_header', 'version', 'must start with "v1."');
  }
  const read: FieldReader = new FieldReader('malformed_voucher_header');
  const payload = value.slice(dot + 1);
  const json = decodeBase64UrlJson(payload);
  if (json === undefined) read.fail('payload', 'must be base64url-encoded JSON');
  const body = read.object(json, 'payload');
  read.onlyKeys(body, ['client', 'vendor', 'chainId', 'verifyingContract', 'vouchers'], 'payload');
  const client = read.checksumAddress(body.client, 'client');
  const vendor = read.checksumAddress(body.vendor, 'vendor');
  const chainId = read.uint(body.chainId, 'chainId', MAX_UINT64);
  const verifyingContract = read.checksumAddress(body.verifyingContract, 'verifyingContract');
  const list = read.array(body.vouchers, 'vouchers');
  if (list.length === 0) read.fail('vouchers', 'must not be empty');
  if (list.length > MAX_VOUCHERS_PER_HEADER) read.fail('vouchers', `more than ${MAX_VOUCHERS_PER_HEADER}`);
  const vouchers = list.map((item, index): SignedVoucher => {
    const at = read.at(`vouchers[${index}]`);
    const entry = at.object(item, 'self');
    at.onlyKeys(entry, ['nonce', 'atoms', 'signature'], 'self');
    return {
      client,
      vendor,
      chainId,
      verifyingContract,
      nonce: at.uint(entry.nonce, 'nonce', MAX_UINT64),
      atoms: at.uint(entry.atoms, 'atoms', MAX_UINT256),
      signature: at.signature(entry.signature, 'signature'),
    };
  });
  vouchers.forEach((voucher, index) => {
    if (index > 0 && voucher.nonce !== vouchers[index - 1]!.nonce + 1n) {
      read.fail('vouchers', 'nonces must be ascending and contiguous');
    }
  });
  const header: VoucherHeader = { client, vendor, chainId, verifyingContract, vouchers };
  // Last, so that a field that is wrong is named as such; what is left is spelling.
  const canonical = canonicalPayload(header);
  if (payload !== canonical) read.fail('payload', `not in canonical form: ${base64UrlJsonDifference(payload, canonical)}`);
  return header;
}

/** The voucher that authenticates a request: the newest one in the header. */
export function authenticatingVoucher(header: VoucherHeader): SignedVoucher {
  return header.vouchers[header.vouchers.length - 1]!;
}
