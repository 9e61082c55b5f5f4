import { getAddress, type Address } from 'viem';
import { base64UrlJsonDifference, jsonTextDifference, withoutByteOrderMark } from './canonical';
import { FieldReader, decodeBase64UrlJson, encodeBase64UrlJson, parseJson } from './codec';
import { RECEIPT_EVENT, RECEIPT_SIGNATURE_FIELD, RECEIPT_VERSION } from './constants';
import { creditToWire, readCredit, type CreditSnapshot } from './credit';
import { MAX_UINT256, MAX_UINT64 } from './voucher';

export const MAX_RECEIPT_LENGTH = 4096;

export interface Receipt {
  vendor: Address;
  client: Address;
  /** Atoms charged for this request. */
  cost: bigint;
  /** The voucher the cost was charged against: the client's first unspent one at settlement. */
  nonce: bigint;
  /** The highest nonce the vendor holds for this client; every voucher up to it is acknowledged. */
  lastNonce: bigint;
  /** The vendor's reference for this request. */
  serviceTxRef: string;
  /** What the vendor measured, so the payer can check the cost against the advertised prices. */
  usage: { elapsedMs: bigint; bytes: bigint };
  /** The client's credit after settlement. */
  credit: CreditSnapshot;
}

/** The receipt's one wire form (docs/protocol.md §2.1): fields in this order, addresses checksummed. */
function toWire(receipt: Receipt) {
  return {
    vendor: getAddress(receipt.vendor),
    client: getAddress(receipt.client),
    cost: receipt.cost.toString(),
    nonce: receipt.nonce.toString(),
    lastNonce: receipt.lastNonce.toString(),
    serviceTxRef: receipt.serviceTxRef,
    usage: { elapsedMs: receipt.usage.elapsedMs.toString(), bytes: receipt.usage.bytes.toString() },
    credit: creditToWire(receipt.credit),
  };
}

function fromWire(read: FieldReader, json: unknown): Receipt {
  const body = read.object(json, 'receipt');
  read.onlyKeys(body, ['vendor', 'client', 'cost', 'nonce', 'lastNonce', 'serviceTxRef', 'usage', 'credit'], 'receipt');
  const serviceTxRef = read.string(body.serviceTxRef, 'serviceTxRef', 128);
  if (!/^[A-Za-z0-9_.:-]{1,128}$/.test(serviceTxRef)) read.fail('serviceTxRef', 'must be 1-128 of A-Z a-z 0-9 _ . : -');
  const usage = read.object(body.usage, 'usage');
  const usageAt = read.at('usage');
  usageAt.onlyKeys(usage, ['elapsedMs', 'bytes'], 'self');
  return {
    vendor: read.checksumAddress(body.vendor, 'vendor'),
    client: read.checksumAddress(body.client, 'client'),
    cost: read.uint(body.cost, 'cost', MAX_UINT256),
    nonce: read.uint(body.nonce, 'nonce', MAX_UINT64),
    lastNonce: read.uint(body.lastNonce, 'lastNonce', MAX_UINT64),
    serviceTxRef,
    usage: {
      elapsedMs: usageAt.uint(usage.elapsedMs, 'elapsedMs', MAX_UINT64),
      bytes: usageAt.uint(usage.bytes, 'bytes', MAX_UINT64),
    },
    credit: readCredit(read, body.credit, 'credit'),
  };
}

/** The X-Voucher-Receipt header value: v1.<base64url(JSON)>. */
export function encodeReceiptHeader(receipt: Receipt): string {
  return `${RECEIPT_VERSION}.${encodeBase64UrlJson(toWire(receipt))}`;
}

export function parseReceiptHeader(value: string | null | undefined): Receipt {
  const read: FieldReader = new FieldReader('malformed_receipt');
  if (typeof value !== 'string' || value.length === 0) read.fail('header', 'missing');
  if (value.length > MAX_RECEIPT_LENGTH) read.fail('header', `longer than ${MAX_RECEIPT_LENGTH} characters`);
  if (!value.startsWith(`${RECEIPT_VERSION}.`)) read.fail('version', `must start with "${RECEIPT_VERSION}."`);
  const payload = value.slice(RECEIPT_VERSION.length + 1);
  const json = decodeBase64UrlJson(payload);
  if (json === undefined) read.fail('payload', 'must be base64url-encoded JSON');
  const receipt = fromWire(read, json);
  const canonical = encodeBase64UrlJson(toWire(receipt));
  if (payload !== canonical) read.fail('payload', `not in canonical form: ${base64UrlJsonDifference(payload, canonical)}`);
  return receipt;
}

/** The receipt's JSON text as the receipt event's data line carries it (and a vendor signs, §7.6). */
export function receiptEventData(receipt: Receipt): string {
  return JSON.stringify(toWire(receipt));
}

/**
 * The final server-sent event of a paid stream: `event: voucher-receipt` with JSON data and, when
 * the vendor signs its receipts, a `signature:` field (§7.6; SSE readers ignore unknown fields).
 */
export function encodeReceiptEvent(receipt: Receipt, signature?: string): string {
  const signed = signature === undefined ? '' : `${RECEIPT_SIGNATURE_FIELD}: ${signature}\n`;
  return `event: ${RECEIPT_EVENT}\ndata: ${receiptEventData(receipt)}\n${signed}\n`;
}

/** Parses the data line(s) of a voucher-receipt event: the receipt JSON exactly as the header carries it. */
export function parseReceiptEventData(data: string): Receipt {
  const read: FieldReader = new FieldReader('malformed_receipt');
  if (data.length > MAX_RECEIPT_LENGTH) read.fail('data', `longer than ${MAX_RECEIPT_LENGTH} characters`);
  const json = parseJson(withoutByteOrderMark(data));
  if (json === undefined) read.fail('data', 'must be JSON');
  const receipt = fromWire(read, json);
  const canonical = JSON.stringify(toWire(receipt));
  if (data !== canonical) read.fail('data', `not in canonical form: ${jsonTextDifference(data, canonical)}`);
  return receipt;
}
