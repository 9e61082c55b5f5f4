/**
 * Table-driven rejection of malformed wire values. Every case starts from a valid value (checked
 * to parse first), changes one thing, and asserts the parser throws a ProtocolParseError with the
 * expected code and field: never another error type, never a partial result.
 */
import { describe, expect, it } from 'vitest';
import { withoutByteOrderMark } from './canonical';
import { decodeBase64UrlJson, parseJson } from './codec';
import { ProtocolParseError, type ParseErrorCode } from './errors';
import { MAX_VOUCHER_HEADER_LENGTH, encodeVoucherHeader, parseVoucherHeader } from './header';
import { MAX_RECEIPT_LENGTH, encodeReceiptHeader, parseReceiptEventData, parseReceiptHeader } from './receipt';
import { MAX_REQUIREMENTS_LENGTH, parseRequirements } from './requirements';

type Wire = Record<string, unknown>;
interface Case {
  name: string;
  input: unknown;
  code: ParseErrorCode;
  field?: string;
  /** Texts the error message must contain: what was wrong. */
  reason?: string | string[];
}

const SIGNATURE =
  '0x7d7f9f88e934761bae1aa3a7017cdf031e0753932c2cbe9ade92b5d5146fc9da13af3f6935ccbdca38338cfd009ee9e9fbe8d4022cf86029499aab9105c078351b';
const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
/** The same signature with s → n − s and v flipped: recovers the same key, rejected by chain contracts. */
const HIGH_S_SIGNATURE = `0x${SIGNATURE.slice(2, 66)}${(SECP256K1_N - BigInt(`0x${SIGNATURE.slice(66, 130)}`)).toString(16)}1c`;
const CLIENT = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266';
const VENDOR = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
const CONTRACT = '0x5FbDB2315678afecb367f032d93F642f64180aa3';
const UINT64_PLUS_1 = ((1n << 64n) + 0n).toString();
const UINT256_PLUS_1 = (1n << 256n).toString();

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64url');
const BASE64URL_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
/** The same bytes with the lowest unused bit of the last character set: decoders accept it, it is not canonical. */
function withTrailingBit(value: string): string {
  const last = BASE64URL_ALPHABET.indexOf(value.at(-1)!);
  return value.slice(0, -1) + BASE64URL_ALPHABET[last ^ 1];
}
/** Standard base64 padding for a payload whose length is not a multiple of 4. */
const padded = (value: string) => value + '='.repeat((4 - ((value.length - 3) % 4)) % 4);

// ---------------------------------------------------------------------------------------------
// x-voucher request header

const headerJson = (): Wire => ({
  client: CLIENT,
  vendor: VENDOR,
  chainId: '31337',
  verifyingContract: CONTRACT,
  vouchers: [
    { nonce: '4', atoms: '10', signature: SIGNATURE },
    { nonce: '5', atoms: '20', signature: SIGNATURE },
  ],
});
const headerOf = (json: unknown) => `v1.${b64(JSON.stringify(json))}`;
const VALID_HEADER = headerOf(headerJson());

/** The valid header with one top-level field set (undefined deletes it). */
function headerWith(field: string, value: unknown): string {
  const json = headerJson();
  if (value === undefined) delete json[field];
  else json[field] = value;
  return headerOf(json);
}
/** The valid header with one field of voucher `index` set (undefined deletes it). */
function voucherWith(index: number, field: string, value: unknown): string {
  const json = headerJson();
  const entry = (json.vouchers as Wire[])[index]!;
  if (value === undefined) delete entry[field];
  else entry[field] = value;
  return headerOf(json);
}
function vouchersWith(vouchers: unknown): string {
  return headerWith('vouchers', vouchers);
}
const entry = (nonce: string) => ({ nonce, atoms: '1', signature: SIGNATURE });

/** The address with the case of its first hex letter swapped: still mixed case, wrong EIP-55 checksum. */
function wrongChecksum(address: string): string {
  const at = address.slice(2).search(/[a-fA-F]/) + 2;
  const char = address[at]!;
  const swapped = char === char.toLowerCase() ? char.toUpperCase() : char.toLowerCase();
  return address.slice(0, at) + swapped + address.slice(at + 1);
}

const badAddresses = (address: string): Array<[string, unknown]> => [
  ['as a JSON number', 1234],
  ['without 0x', address.slice(2)],
  ['with 0X', `0X${address.slice(2)}`],
  ['of 19 bytes', address.slice(0, 40)],
  ['of 21 bytes', `${address}00`],
  ['with a non-hex digit', `${address.slice(0, 41)}g`],
  ['with a wrong EIP-55 checksum', wrongChecksum(address)],
  ['with surrounding space', ` ${address}`],
  ['empty', ''],
  ['null', null],
];

const badUint64: Array<[string, unknown]> = [
  ['a JSON number', 5],
  ['a leading zero "01"', '01'],
  ['exponent "1e3"', '1e3'],
  ['negative "-1"', '-1'],
  ['a plus sign "+1"', '+1'],
  ['a leading space " 1"', ' 1'],
  ['a trailing space "1 "', '1 '],
  ['empty', ''],
  ['hex "0x10"', '0x10'],
  ['a fraction "1.0"', '1.0'],
  ['full-width digits', '１'],
  ['2^64, out of uint64', UINT64_PLUS_1],
  ['a 79-digit number', '1'.repeat(79)],
  ['null', null],
  ['a boolean', true],
];

const headerCases: Case[] = [
  // Envelope.
  { name: 'missing (undefined)', input: undefined, code: 'malformed_voucher_header', field: 'header' },
  { name: 'missing (null)', input: null, code: 'malformed_voucher_header', field: 'header' },
  { name: 'empty', input: '', code: 'malformed_voucher_header', field: 'header' },
  { name: 'a number, not a string', input: 42, code: 'malformed_voucher_header', field: 'header' },
  { name: 'version "v2."', input: `v2.${VALID_HEADER.slice(3)}`, code: 'unsupported_version', field: 'version' },
  { name: 'version "v0."', input: `v0.${VALID_HEADER.slice(3)}`, code: 'unsupported_version', field: 'version' },
  { name: 'version "v10."', input: `v10.${VALID_HEADER.slice(3)}`, code: 'unsupported_version', field: 'version' },
  { name: 'version "v2" alone', input: 'v2', code: 'unsupported_version', field: 'version' },
  { name: 'version "V1." (case)', input: `V1.${VALID_HEADER.slice(3)}`, code: 'malformed_voucher_header', field: 'version' },
  { name: 'version " v1." (space)', input: ` ${VALID_HEADER}`, code: 'malformed_voucher_header', field: 'version' },
  { name: 'version "1."', input: `1.${VALID_HEADER.slice(3)}`, code: 'malformed_voucher_header', field: 'version' },
  { name: 'separator ":" not "."', input: `v1:${VALID_HEADER.slice(3)}`, code: 'malformed_voucher_header', field: 'version' },
  { name: 'no version', input: `.${VALID_HEADER.slice(3)}`, code: 'malformed_voucher_header', field: 'version' },
  { name: 'bare payload', input: VALID_HEADER.slice(3), code: 'malformed_voucher_header', field: 'version' },
  { name: 'empty payload "v1."', input: 'v1.', code: 'malformed_voucher_header', field: 'payload' },
  { name: '"v1" alone', input: 'v1', code: 'malformed_voucher_header', field: 'payload' },
  { name: 'base64 padding "="', input: `${VALID_HEADER}==`, code: 'malformed_voucher_header', field: 'payload' },
  { name: 'standard base64 "+"', input: `${VALID_HEADER.slice(0, 10)}+${VALID_HEADER.slice(11)}`, code: 'malformed_voucher_header', field: 'payload' },
  { name: 'standard base64 "/"', input: `${VALID_HEADER.slice(0, 10)}/${VALID_HEADER.slice(11)}`, code: 'malformed_voucher_header', field: 'payload' },
  { name: 'a second "." segment', input: `${VALID_HEADER}.sig`, code: 'malformed_voucher_header', field: 'payload' },
  { name: 'a space inside the payload', input: `${VALID_HEADER.slice(0, 20)} ${VALID_HEADER.slice(20)}`, code: 'malformed_voucher_header', field: 'payload' },
  { name: 'truncated base64 (length % 4 == 1)', input: `v1.${b64(JSON.stringify(headerJson())).slice(0, 4 * 50 + 1)}`, code: 'malformed_voucher_header', field: 'payload' },
  { name: 'truncated base64 (cut JSON)', input: VALID_HEADER.slice(0, VALID_HEADER.length - 8), code: 'malformed_voucher_header', field: 'payload' },
  { name: 'one base64 character dropped', input: VALID_HEADER.slice(0, 40) + VALID_HEADER.slice(41), code: 'malformed_voucher_header', field: 'payload' },
  { name: 'base64 of non-JSON text', input: `v1.${b64('client=0xf39F')}`, code: 'malformed_voucher_header', field: 'payload' },
  { name: 'base64 of JSON with a trailing comma', input: `v1.${b64('{"client":"x",}')}`, code: 'malformed_voucher_header', field: 'payload' },
  { name: 'base64 of invalid UTF-8', input: `v1.${Buffer.from([0x7b, 0xff, 0xfe, 0x7d]).toString('base64url')}`, code: 'malformed_voucher_header', field: 'payload' },
  { name: 'plain JSON, not base64', input: `v1.${JSON.stringify(headerJson())}`, code: 'malformed_voucher_header', field: 'payload' },
  { name: 'JSON array', input: headerOf([headerJson()]), code: 'malformed_voucher_header', field: 'payload' },
  { name: 'JSON string', input: headerOf('hello'), code: 'malformed_voucher_header', field: 'payload' },
  { name: 'JSON number', input: headerOf(1), code: 'malformed_voucher_header', field: 'payload' },
  { name: 'JSON null', input: headerOf(null), code: 'malformed_voucher_header', field: 'payload' },
  { name: 'oversized header (8193 chars)', input: `v1.${'A'.repeat(MAX_VOUCHER_HEADER_LENGTH - 2)}`, code: 'voucher_header_too_large', field: 'header' },
  { name: 'oversized header (1 MB)', input: `v1.${'A'.repeat(1 << 20)}`, code: 'voucher_header_too_large', field: 'header' },
  { name: 'oversized even with a bad version', input: `v9.${'A'.repeat(MAX_VOUCHER_HEADER_LENGTH)}`, code: 'voucher_header_too_large', field: 'header' },
  // At exactly the limit the size is fine; the garbage is what fails.
  { name: 'garbage at exactly 8192 chars', input: `v1.${'A'.repeat(MAX_VOUCHER_HEADER_LENGTH - 3)}`, code: 'malformed_voucher_header', field: 'payload' },
  // Shape.
  { name: 'an extra top-level field', input: headerWith('memo', 'hi'), code: 'malformed_voucher_header', field: 'payload' },
  { name: 'a top-level "__proto__" key', input: `v1.${b64(JSON.stringify(headerJson()).replace('{', '{"__proto__":{},'))}`, code: 'malformed_voucher_header', field: 'payload' },
  { name: 'a "signature" at top level', input: headerWith('signature', SIGNATURE), code: 'malformed_voucher_header', field: 'payload' },
  { name: 'an extra field in a voucher', input: voucherWith(0, 'expires', '0'), code: 'malformed_voucher_header', field: 'vouchers[0].self' },
  { name: 'a "client" inside a voucher', input: voucherWith(1, 'client', CLIENT), code: 'malformed_voucher_header', field: 'vouchers[1].self' },
  ...(['client', 'vendor', 'chainId', 'verifyingContract', 'vouchers'] as const).map(
    (field): Case => ({ name: `missing ${field}`, input: headerWith(field, undefined), code: 'malformed_voucher_header', field }),
  ),
  ...(['nonce', 'atoms', 'signature'] as const).map(
    (field): Case => ({
      name: `missing vouchers[1].${field}`,
      input: voucherWith(1, field, undefined),
      code: 'malformed_voucher_header',
      field: `vouchers[1].${field}`,
    }),
  ),
  // Addresses.
  ...([['client', CLIENT], ['vendor', VENDOR], ['verifyingContract', CONTRACT]] as const).flatMap(([field, address]) =>
    badAddresses(address).map(
      ([what, value]): Case => ({ name: `${field} ${what}`, input: headerWith(field, value), code: 'malformed_voucher_header', field }),
    ),
  ),
  // Numbers.
  ...badUint64.map(([what, value]): Case => ({ name: `chainId ${what}`, input: headerWith('chainId', value), code: 'malformed_voucher_header', field: 'chainId' })),
  ...badUint64.map(([what, value]): Case => ({ name: `nonce ${what}`, input: voucherWith(0, 'nonce', value), code: 'malformed_voucher_header', field: 'vouchers[0].nonce' })),
  { name: 'nonce 2^64 + 5 (wraps to 5 if truncated)', input: voucherWith(1, 'nonce', ((1n << 64n) + 5n).toString()), code: 'malformed_voucher_header', field: 'vouchers[1].nonce' },
  { name: 'atoms as a JSON number', input: voucherWith(0, 'atoms', 10), code: 'malformed_voucher_header', field: 'vouchers[0].atoms' },
  { name: 'atoms "00"', input: voucherWith(0, 'atoms', '00'), code: 'malformed_voucher_header', field: 'vouchers[0].atoms' },
  { name: 'atoms "1.5"', input: voucherWith(0, 'atoms', '1.5'), code: 'malformed_voucher_header', field: 'vouchers[0].atoms' },
  { name: 'atoms "1e6"', input: voucherWith(0, 'atoms', '1e6'), code: 'malformed_voucher_header', field: 'vouchers[0].atoms' },
  { name: 'atoms "-10"', input: voucherWith(0, 'atoms', '-10'), code: 'malformed_voucher_header', field: 'vouchers[0].atoms' },
  { name: 'atoms 2^256, out of uint256', input: voucherWith(0, 'atoms', UINT256_PLUS_1), code: 'malformed_voucher_header', field: 'vouchers[0].atoms' },
  { name: 'atoms as a huge JSON number', input: `v1.${b64(JSON.stringify(headerJson()).replace('"atoms":"10"', '"atoms":1e400'))}`, code: 'malformed_voucher_header', field: 'vouchers[0].atoms' },
  // Signatures.
  { name: 'signature of 64 bytes', input: voucherWith(0, 'signature', SIGNATURE.slice(0, -2)), code: 'malformed_voucher_header', field: 'vouchers[0].signature' },
  { name: 'signature of 66 bytes', input: voucherWith(0, 'signature', `${SIGNATURE}00`), code: 'malformed_voucher_header', field: 'vouchers[0].signature' },
  { name: 'signature with an odd nibble count', input: voucherWith(0, 'signature', `${SIGNATURE}0`), code: 'malformed_voucher_header', field: 'vouchers[0].signature' },
  { name: 'signature with non-hex', input: voucherWith(0, 'signature', `${SIGNATURE.slice(0, -1)}z`), code: 'malformed_voucher_header', field: 'vouchers[0].signature' },
  { name: 'signature without 0x', input: voucherWith(0, 'signature', `${SIGNATURE.slice(2)}00`), code: 'malformed_voucher_header', field: 'vouchers[0].signature' },
  { name: 'signature "0x"', input: voucherWith(0, 'signature', '0x'), code: 'malformed_voucher_header', field: 'vouchers[0].signature' },
  { name: 'signature as base64', input: voucherWith(0, 'signature', Buffer.from(SIGNATURE.slice(2), 'hex').toString('base64')), code: 'malformed_voucher_header', field: 'vouchers[0].signature' },
  { name: 'signature as bytes array', input: voucherWith(0, 'signature', [...Buffer.from(SIGNATURE.slice(2), 'hex')]), code: 'malformed_voucher_header', field: 'vouchers[0].signature' },
  { name: 'signature with high s (malleated twin)', input: voucherWith(0, 'signature', HIGH_S_SIGNATURE), code: 'malformed_voucher_header', field: 'vouchers[0].signature' },
  { name: 'signature with v = 0', input: voucherWith(0, 'signature', `${SIGNATURE.slice(0, -2)}00`), code: 'malformed_voucher_header', field: 'vouchers[0].signature' },
  { name: 'signature with v = 29', input: voucherWith(0, 'signature', `${SIGNATURE.slice(0, -2)}1d`), code: 'malformed_voucher_header', field: 'vouchers[0].signature' },
  { name: 'signature with r = 0', input: voucherWith(0, 'signature', `0x${'0'.repeat(64)}${SIGNATURE.slice(66)}`), code: 'malformed_voucher_header', field: 'vouchers[0].signature' },
  // Voucher list.
  { name: 'empty voucher list', input: vouchersWith([]), code: 'malformed_voucher_header', field: 'vouchers' },
  { name: '17 vouchers', input: vouchersWith(Array.from({ length: 17 }, (_, i) => entry(String(i)))), code: 'malformed_voucher_header', field: 'vouchers' },
  { name: 'vouchers as an object', input: vouchersWith({ 0: entry('0') }), code: 'malformed_voucher_header', field: 'vouchers' },
  { name: 'vouchers as a single voucher', input: vouchersWith(entry('0')), code: 'malformed_voucher_header', field: 'vouchers' },
  { name: 'vouchers null', input: vouchersWith(null), code: 'malformed_voucher_header', field: 'vouchers' },
  { name: 'a voucher that is a string', input: vouchersWith([entry('0'), 'v1']), code: 'malformed_voucher_header', field: 'vouchers[1].self' },
  { name: 'a voucher that is null', input: vouchersWith([null]), code: 'malformed_voucher_header', field: 'vouchers[0].self' },
  { name: 'a voucher that is an array', input: vouchersWith([['0', '1', SIGNATURE]]), code: 'malformed_voucher_header', field: 'vouchers[0].self' },
  { name: 'non-contiguous nonces 0, 2', input: vouchersWith([entry('0'), entry('2')]), code: 'malformed_voucher_header', field: 'vouchers' },
  { name: 'descending nonces 1, 0', input: vouchersWith([entry('1'), entry('0')]), code: 'malformed_voucher_header', field: 'vouchers' },
  { name: 'a repeated nonce 3, 3', input: vouchersWith([entry('3'), entry('3')]), code: 'malformed_voucher_header', field: 'vouchers' },
  { name: 'a gap late in a long list', input: vouchersWith(['0', '1', '2', '3', '5'].map(entry)), code: 'malformed_voucher_header', field: 'vouchers' },
  { name: 'a nonce past uint64 at the end of a run', input: vouchersWith([entry((1n << 64n) - 1n + ''), entry(UINT64_PLUS_1)]), code: 'malformed_voucher_header', field: 'vouchers[1].nonce' },
  ...canonicalHeaderCases(),
];

/**
 * Values every field of which is valid but which are not spelled as the encoder spells them
 * (docs/protocol.md §2.1). Each would parse to the same header, or to a different one in a parser
 * that keeps the first of two duplicate keys, so each is refused.
 */
function canonicalHeaderCases(): Case[] {
  const text = JSON.stringify(headerJson());
  const edited = (edit: (json: string) => string) => `v1.${b64(edit(text))}`;
  const notCanonical = (name: string, input: string, reason: string): Case => ({
    name,
    input,
    code: 'malformed_voucher_header',
    field: 'payload',
    reason: ['payload: not in canonical form: ', reason],
  });
  const OTHER_SIGNATURE = `${SIGNATURE.slice(0, -2)}1c`;
  const topLevel: Array<[string, string]> = [
    ['client', JSON.stringify(VENDOR)],
    ['vendor', JSON.stringify(CLIENT)],
    ['chainId', '"1"'],
    ['verifyingContract', JSON.stringify(VENDOR)],
    ['vouchers', JSON.stringify([entry('0')])],
  ];
  const voucherFields: Array<[string, string]> = [
    ['nonce', '"9"'],
    ['atoms', '"999"'],
    ['signature', JSON.stringify(OTHER_SIGNATURE)],
  ];
  const entries = (headerJson().vouchers as Wire[]).map((voucher) => JSON.stringify(voucher));
  const json = headerJson();
  return [
    // A duplicate key, first copy different (a first-wins parser reads another header) or last copy the same.
    ...topLevel.flatMap(([key, other]): Case[] => [
      notCanonical(`duplicate "${key}", the first copy different`, edited((t) => `{"${key}":${other},${t.slice(1)}`), `has the key "${key}" twice`),
      notCanonical(`duplicate "${key}", the last copy the same`, edited((t) => `${t.slice(0, -1)},"${key}":${JSON.stringify(json[key])}}`), `has the key "${key}" twice`),
    ]),
    ...[0, 1].flatMap((index) =>
      voucherFields.flatMap(([key, other]): Case[] => {
        const original = entries[index]!;
        const same = JSON.stringify((json.vouchers as Wire[])[index]![key]);
        return [
          notCanonical(`duplicate vouchers[${index}].${key}, the first copy different`, edited((t) => t.replace(original, `{"${key}":${other},${original.slice(1)}`)), `has the key "${key}" twice`),
          notCanonical(`duplicate vouchers[${index}].${key}, the last copy the same`, edited((t) => t.replace(original, `${original.slice(0, -1)},"${key}":${same}}`)), `has the key "${key}" twice`),
        ];
      }),
    ),
    notCanonical('duplicate "client" spelled with an escape', edited((t) => `{"\\u0063lient":${JSON.stringify(VENDOR)},${t.slice(1)}`), 'has the key "client" twice'),
    // Byte order mark and whitespace.
    notCanonical('a UTF-8 byte order mark', edited((t) => `\uFEFF${t}`), 'starts with a UTF-8 byte order mark'),
    notCanonical('leading whitespace in the JSON', edited((t) => ` ${t}`), 'has whitespace at byte 0'),
    notCanonical('a trailing newline in the JSON', edited((t) => `${t}\n`), `has whitespace at byte ${text.length}`),
    notCanonical('a space after a colon', edited((t) => t.replace('"client":', '"client": ')), 'has whitespace at byte 10'),
    notCanonical('a tab between two fields', edited((t) => t.replace(',"vendor"', ',\t"vendor"')), 'has whitespace at byte'),
    notCanonical('pretty-printed JSON', `v1.${b64(JSON.stringify(headerJson(), null, 2))}`, 'has whitespace at byte 1'),
    // Escapes JSON.stringify does not write.
    notCanonical('a key written with \\u escapes', edited((t) => t.replace('"atoms"', '"\\u0061toms"')), 'has an escape sequence at byte'),
    notCanonical('a decimal digit written as \\u0034', edited((t) => t.replace('"nonce":"4"', '"nonce":"\\u0034"')), 'has an escape sequence at byte'),
    notCanonical('an address letter written as \\u0066', edited((t) => t.replace('"0xf39F', '"0x\\u0066\\u0033\\u0039F')), 'has an escape sequence at byte'),
    notCanonical('a signature digit written as \\u0037', edited((t) => t.replace(`"${SIGNATURE}"`, `"0x\\u0037${SIGNATURE.slice(3)}"`)), 'has an escape sequence at byte'),
    // Field order.
    notCanonical('client and vendor swapped', edited((t) => t.replace(/^\{("client":"[^"]+"),("vendor":"[^"]+")/, '{$2,$1')), 'where the canonical encoding has'),
    notCanonical('a voucher with atoms before nonce', edited((t) => t.replace(entries[0]!, `{"atoms":"10","nonce":"4",${entries[0]!.slice(entries[0]!.indexOf('"signature"'))}`)), 'where the canonical encoding has'),
    // base64url spelling of the same bytes.
    notCanonical('non-canonical trailing base64url bits', withTrailingBit(VALID_HEADER), 'non-canonical base64url: the unused bits of the last character must be zero'),
    { name: 'correct "=" padding for its length', input: padded(VALID_HEADER), code: 'malformed_voucher_header', field: 'payload', reason: 'must be base64url-encoded JSON' },
    // (The "+" and "/" of standard base64 are refused by the envelope cases above; the ASCII JSON of a
    // valid header never encodes to them, so no standard-base64 spelling of one exists.)
    // Leading zeros and hex case the encoder never writes.
    { name: 'atoms "010"', input: voucherWith(1, 'atoms', '010'), code: 'malformed_voucher_header', field: 'vouchers[1].atoms', reason: 'must be an unsigned integer in a decimal string' },
    { name: 'chainId "031337"', input: headerWith('chainId', '031337'), code: 'malformed_voucher_header', field: 'chainId', reason: 'must be an unsigned integer in a decimal string' },
    { name: 'nonce "0" written "00"', input: vouchersWith([entry('00')]), code: 'malformed_voucher_header', field: 'vouchers[0].nonce', reason: 'must be an unsigned integer in a decimal string' },
    { name: 'signature in uppercase hex', input: voucherWith(0, 'signature', `0x${SIGNATURE.slice(2).toUpperCase()}`), code: 'malformed_voucher_header', field: 'vouchers[0].signature', reason: 'must be lowercase hex' },
    { name: 'signature with one uppercase digit', input: voucherWith(1, 'signature', SIGNATURE.replace('f', 'F')), code: 'malformed_voucher_header', field: 'vouchers[1].signature', reason: 'must be lowercase hex' },
    ...([['client', CLIENT], ['vendor', VENDOR], ['verifyingContract', CONTRACT]] as const).flatMap(([field, address]): Case[] => [
      { name: `${field} in lowercase hex`, input: headerWith(field, address.toLowerCase()), code: 'malformed_voucher_header', field, reason: 'must be in EIP-55 checksum form' },
      { name: `${field} in uppercase hex`, input: headerWith(field, `0x${address.slice(2).toUpperCase()}`), code: 'malformed_voucher_header', field, reason: 'must be in EIP-55 checksum form' },
    ]),
    // Two x-voucher headers, joined as Node and the Fetch API join them.
    { name: 'two identical x-voucher headers joined', input: `${VALID_HEADER}, ${VALID_HEADER}`, code: 'duplicate_voucher_header', field: 'header', reason: 'two or more x-voucher headers' },
    { name: 'two different x-voucher headers joined', input: `${VALID_HEADER}, ${headerWith('chainId', '1')}`, code: 'duplicate_voucher_header', field: 'header', reason: 'two or more x-voucher headers' },
    { name: 'a garbage and a valid x-voucher header joined', input: `v1.x, ${VALID_HEADER}`, code: 'duplicate_voucher_header', field: 'header' },
    { name: 'three x-voucher headers joined', input: [VALID_HEADER, VALID_HEADER, VALID_HEADER].join(', '), code: 'duplicate_voucher_header', field: 'header' },
    { name: 'a comma without a space (not a join)', input: `${VALID_HEADER},${VALID_HEADER}`, code: 'malformed_voucher_header', field: 'payload' },
  ];
}

// ---------------------------------------------------------------------------------------------
// 402 body

const requirementsJson = (): Wire => ({
  version: 1,
  error: { code: 'nonce_gap', message: 'expected nonce 3' },
  vendor: VENDOR,
  chainId: '31337',
  verifyingContract: CONTRACT,
  asset: { symbol: 'USDC', decimals: 6, address: CONTRACT, microUsdPerUnit: '1000000' },
  prices: { atomsPerHour: '3600000', atomsPerGB: '50000', approxCost: '1000' },
  nextNonce: '3',
  suggestedVoucherAtoms: '1000000',
  credit: { unspent: '0', unmarked: '0', locked: '0', cap: '5000000', available: '0' },
});
/** The valid 402 body with the field at `path` (dot-separated) set; undefined deletes it. */
function requirementsWith(path: string, value: unknown): string {
  const json = requirementsJson();
  const keys = path.split('.');
  const last = keys.pop()!;
  const parent = keys.reduce((object, key) => object[key] as Wire, json);
  if (value === undefined) delete parent[last];
  else parent[last] = value;
  return JSON.stringify(json);
}
const req = (name: string, path: string, value: unknown, field: string): Case => ({
  name,
  input: requirementsWith(path, value),
  code: 'malformed_requirements',
  field,
});

const requirementsCases: Case[] = [
  { name: 'not JSON', input: '<html>Payment Required</html>', code: 'malformed_requirements', field: 'body' },
  { name: 'empty body', input: '', code: 'malformed_requirements', field: 'body' },
  { name: 'truncated JSON', input: JSON.stringify(requirementsJson()).slice(0, -1), code: 'malformed_requirements', field: 'body' },
  { name: 'oversized body', input: `${JSON.stringify(requirementsJson())}${' '.repeat(MAX_REQUIREMENTS_LENGTH)}`, code: 'malformed_requirements', field: 'body' },
  { name: 'a JSON array', input: '[]', code: 'malformed_requirements', field: 'body' },
  { name: 'JSON null', input: 'null', code: 'malformed_requirements', field: 'body' },
  { name: 'a parsed null', input: null, code: 'malformed_requirements', field: 'body' },
  { name: 'a parsed number', input: 402, code: 'malformed_requirements', field: 'body' },
  req('an extra top-level field', 'expires', '0', 'body'),
  req('version missing', 'version', undefined, 'version'),
  req('version "1" as a string', 'version', '1', 'version'),
  req('version 2', 'version', 2, 'version'),
  req('error missing', 'error', undefined, 'error'),
  req('error as a string', 'error', 'nonce_gap', 'error'),
  req('an unknown error code', 'error.code', 'teapot', 'error.code'),
  req('error code "toString" (prototype key)', 'error.code', 'toString', 'error.code'),
  req('error code with different case', 'error.code', 'NONCE_GAP', 'error.code'),
  req('error code missing', 'error.code', undefined, 'error.code'),
  req('error message missing', 'error.message', undefined, 'error.message'),
  req('error message of 513 characters', 'error.message', 'x'.repeat(513), 'error.message'),
  req('an extra field in error', 'error.status', 402, 'error.self'),
  req('vendor with a wrong EIP-55 checksum', 'vendor', wrongChecksum(VENDOR), 'vendor'),
  req('vendor missing', 'vendor', undefined, 'vendor'),
  req('verifyingContract of 19 bytes', 'verifyingContract', CONTRACT.slice(0, 40), 'verifyingContract'),
  req('chainId as a JSON number', 'chainId', 31337, 'chainId'),
  req('chainId past uint64', 'chainId', UINT64_PLUS_1, 'chainId'),
  req('asset missing', 'asset', undefined, 'asset'),
  req('asset as a string', 'asset', 'USDC', 'asset'),
  req('an extra field in asset', 'asset.name', 'USD Coin', 'asset.self'),
  req('asset symbol empty', 'asset.symbol', '', 'asset.symbol'),
  req('asset symbol with a space', 'asset.symbol', 'US DC', 'asset.symbol'),
  req('asset symbol of 17 characters', 'asset.symbol', 'A'.repeat(17), 'asset.symbol'),
  req('asset symbol with markup', 'asset.symbol', '<b>', 'asset.symbol'),
  req('asset decimals -1', 'asset.decimals', -1, 'asset.decimals'),
  req('asset decimals 37', 'asset.decimals', 37, 'asset.decimals'),
  req('asset decimals 6.5', 'asset.decimals', 6.5, 'asset.decimals'),
  req('asset decimals "6"', 'asset.decimals', '6', 'asset.decimals'),
  req('asset decimals missing', 'asset.decimals', undefined, 'asset.decimals'),
  req('asset address null', 'asset.address', null, 'asset.address'),
  req('asset address with a wrong checksum', 'asset.address', wrongChecksum(CONTRACT), 'asset.address'),
  req('asset microUsdPerUnit as a JSON number', 'asset.microUsdPerUnit', 1_000_000, 'asset.microUsdPerUnit'),
  req('asset microUsdPerUnit "1.00"', 'asset.microUsdPerUnit', '1.00', 'asset.microUsdPerUnit'),
  req('prices missing', 'prices', undefined, 'prices'),
  req('prices atomsPerHour missing', 'prices.atomsPerHour', undefined, 'prices.atomsPerHour'),
  req('prices atomsPerGB "1e3"', 'prices.atomsPerGB', '1e3', 'prices.atomsPerGB'),
  req('prices approxCost "-1"', 'prices.approxCost', '-1', 'prices.approxCost'),
  req('an extra field in prices', 'prices.atomsPerRequest', '1', 'prices.self'),
  req('nextNonce past uint64', 'nextNonce', UINT64_PLUS_1, 'nextNonce'),
  req('nextNonce as a JSON number', 'nextNonce', 3, 'nextNonce'),
  req('nextNonce missing', 'nextNonce', undefined, 'nextNonce'),
  req('suggestedVoucherAtoms "01"', 'suggestedVoucherAtoms', '01', 'suggestedVoucherAtoms'),
  req('suggestedVoucherAtoms past uint256', 'suggestedVoucherAtoms', UINT256_PLUS_1, 'suggestedVoucherAtoms'),
  req('credit null', 'credit', null, 'credit'),
  req('credit available missing', 'credit.available', undefined, 'credit.available'),
  req('credit cap as a JSON number', 'credit.cap', 5_000_000, 'credit.cap'),
  req('credit locked " 0"', 'credit.locked', ' 0', 'credit.locked'),
  req('an extra field in credit', 'credit.collateral', '1', 'credit.self'),
];

// ---------------------------------------------------------------------------------------------
// x-voucher-receipt header and voucher-receipt event

const receiptJson = (): Wire => ({
  vendor: VENDOR,
  client: CLIENT,
  cost: '1234',
  nonce: '3',
  lastNonce: '5',
  serviceTxRef: 'req-1',
  usage: { elapsedMs: '1200', bytes: '48213' },
  credit: { unspent: '3000000', unmarked: '1234', locked: '0', cap: '9000000', available: '2998766' },
});
function receiptWith(path: string, value: unknown): string {
  const json = receiptJson();
  const keys = path.split('.');
  const last = keys.pop()!;
  const parent = keys.reduce((object, key) => object[key] as Wire, json);
  if (value === undefined) delete parent[last];
  else parent[last] = value;
  return `v1.${b64(JSON.stringify(json))}`;
}
const rcp = (name: string, path: string, value: unknown, field: string): Case => ({
  name,
  input: receiptWith(path, value),
  code: 'malformed_receipt',
  field,
});
const VALID_RECEIPT = `v1.${b64(JSON.stringify(receiptJson()))}`;

const receiptCases: Case[] = [
  { name: 'missing', input: undefined, code: 'malformed_receipt', field: 'header' },
  { name: 'empty', input: '', code: 'malformed_receipt', field: 'header' },
  { name: 'oversized', input: `v1.${'A'.repeat(MAX_RECEIPT_LENGTH)}`, code: 'malformed_receipt', field: 'header' },
  { name: 'version "v2."', input: `v2.${VALID_RECEIPT.slice(3)}`, code: 'malformed_receipt', field: 'version' },
  { name: 'no version', input: VALID_RECEIPT.slice(3), code: 'malformed_receipt', field: 'version' },
  { name: 'payload not base64url', input: `v1.${JSON.stringify(receiptJson())}`, code: 'malformed_receipt', field: 'payload' },
  { name: 'truncated payload', input: VALID_RECEIPT.slice(0, -6), code: 'malformed_receipt', field: 'payload' },
  { name: 'a JSON array', input: `v1.${b64('[]')}`, code: 'malformed_receipt', field: 'receipt' },
  rcp('an extra field', 'signature', SIGNATURE, 'receipt'),
  rcp('vendor with a wrong checksum', 'vendor', wrongChecksum(VENDOR), 'vendor'),
  rcp('client missing', 'client', undefined, 'client'),
  rcp('cost "-1"', 'cost', '-1', 'cost'),
  rcp('cost as a JSON number', 'cost', 1234, 'cost'),
  rcp('nonce past uint64', 'nonce', UINT64_PLUS_1, 'nonce'),
  rcp('lastNonce missing', 'lastNonce', undefined, 'lastNonce'),
  rcp('lastNonce "05"', 'lastNonce', '05', 'lastNonce'),
  rcp('serviceTxRef empty', 'serviceTxRef', '', 'serviceTxRef'),
  rcp('serviceTxRef with a space', 'serviceTxRef', 'req 1', 'serviceTxRef'),
  rcp('serviceTxRef with a newline', 'serviceTxRef', 'req\n1', 'serviceTxRef'),
  rcp('serviceTxRef of 129 characters', 'serviceTxRef', 'r'.repeat(129), 'serviceTxRef'),
  rcp('serviceTxRef as a number', 'serviceTxRef', 7, 'serviceTxRef'),
  rcp('usage missing', 'usage', undefined, 'usage'),
  rcp('usage bytes as a JSON number', 'usage.bytes', 48213, 'usage.bytes'),
  rcp('usage elapsedMs "1.2"', 'usage.elapsedMs', '1.2', 'usage.elapsedMs'),
  rcp('an extra field in usage', 'usage.requests', '1', 'usage.self'),
  rcp('credit missing', 'credit', undefined, 'credit'),
  rcp('credit unspent missing', 'credit.unspent', undefined, 'credit.unspent'),
  ...canonicalReceiptCases().map(([name, json, reason]): Case => ({ name, input: `v1.${b64(json)}`, code: 'malformed_receipt', field: 'payload', reason: ['payload: not in canonical form: ', reason] })),
  { name: 'non-canonical trailing base64url bits', input: withTrailingBit(VALID_RECEIPT), code: 'malformed_receipt', field: 'payload', reason: 'the unused bits of the last character must be zero' },
  { name: 'correct "=" padding for its length', input: padded(VALID_RECEIPT), code: 'malformed_receipt', field: 'payload', reason: 'must be base64url-encoded JSON' },
  rcp('vendor in lowercase hex', 'vendor', VENDOR.toLowerCase(), 'vendor'),
  rcp('client in uppercase hex', 'client', `0x${CLIENT.slice(2).toUpperCase()}`, 'client'),
];

/** Receipt JSON texts with every field valid, spelled other than the encoder spells them: [name, text, reason]. */
function canonicalReceiptCases(): Array<[string, string, string]> {
  const text = JSON.stringify(receiptJson());
  return [
    ['duplicate "cost", the first copy lower', `{"cost":"1",${text.slice(1)}`, 'has the key "cost" twice'],
    ['duplicate "lastNonce", the last copy the same', `${text.slice(0, -1)},"lastNonce":"5"}`, 'has the key "lastNonce" twice'],
    ['duplicate credit.available', text.replace('"available":"2998766"', '"available":"9000000","available":"2998766"'), 'has the key "available" twice'],
    ['duplicate usage.bytes', text.replace('"bytes":"48213"', '"bytes":"1","bytes":"48213"'), 'has the key "bytes" twice'],
    ['a UTF-8 byte order mark', `\uFEFF${text}`, 'starts with a UTF-8 byte order mark'],
    ['whitespace after a comma', text.replace(',"cost"', ', "cost"'), 'has whitespace at byte'],
    ['pretty-printed JSON', JSON.stringify(receiptJson(), null, 1), 'has whitespace at byte 1'],
    ['a \\u escape in serviceTxRef', text.replace('"req-1"', '"\\u0072eq-1"'), 'has an escape sequence at byte'],
    ['client before vendor', text.replace(/^\{("vendor":"[^"]+"),("client":"[^"]+")/, '{$2,$1'), 'where the canonical encoding has'],
  ];
}

const receiptEventCases: Case[] = [
  { name: 'event data not JSON', input: 'done', code: 'malformed_receipt', field: 'data' },
  { name: 'event data empty', input: '', code: 'malformed_receipt', field: 'data' },
  { name: 'event data with its SSE "data: " prefix', input: `data: ${JSON.stringify(receiptJson())}`, code: 'malformed_receipt', field: 'data' },
  { name: 'event data base64url (header form)', input: VALID_RECEIPT.slice(3), code: 'malformed_receipt', field: 'data' },
  { name: 'event data oversized', input: `${JSON.stringify(receiptJson())}${' '.repeat(MAX_RECEIPT_LENGTH)}`, code: 'malformed_receipt', field: 'data' },
  { name: 'event data a JSON string', input: '"receipt"', code: 'malformed_receipt', field: 'receipt' },
  { name: 'event data missing cost', input: JSON.stringify({ ...receiptJson(), cost: undefined }), code: 'malformed_receipt', field: 'cost' },
  { name: 'event data with an extra field', input: JSON.stringify({ ...receiptJson(), done: true }), code: 'malformed_receipt', field: 'receipt' },
  ...canonicalReceiptCases().map(([name, input, reason]): Case => ({ name: `event data, ${name}`, input, code: 'malformed_receipt', field: 'data', reason: ['data: not in canonical form: ', reason] })),
  { name: 'event data on two data lines (joined by "\\n")', input: JSON.stringify(receiptJson()).replace(',"usage"', ',\n"usage"'), code: 'malformed_receipt', field: 'data', reason: 'has whitespace at byte' },
  { name: 'event data with a trailing space', input: `${JSON.stringify(receiptJson())} `, code: 'malformed_receipt', field: 'data', reason: 'has whitespace at byte' },
  { name: 'event data with vendor in lowercase hex', input: JSON.stringify({ ...receiptJson(), vendor: VENDOR.toLowerCase() }), code: 'malformed_receipt', field: 'vendor', reason: 'must be in EIP-55 checksum form' },
];

// ---------------------------------------------------------------------------------------------

function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return undefined;
}

function expectRejected(parse: (input: never) => unknown, { input, code, field, reason }: Case) {
  const error = thrownBy(() => parse(input as never));
  expect(error, 'must throw').toBeInstanceOf(ProtocolParseError);
  const parseError = error as ProtocolParseError;
  expect(parseError.code).toBe(code);
  if (field !== undefined) expect(parseError.field).toBe(field);
  expect(parseError.message.startsWith(`${code}: `)).toBe(true);
  for (const text of [reason ?? []].flat()) expect(parseError.message).toContain(text);
}

describe('malformed wire values', () => {
  it('the valid bases parse, so each case fails only for its one change', () => {
    expect(parseVoucherHeader(VALID_HEADER).vouchers).toHaveLength(2);
    // The bases are canonical, and their last base64url character has unused bits to set.
    expect(encodeVoucherHeader(parseVoucherHeader(VALID_HEADER).vouchers)).toBe(VALID_HEADER);
    expect(encodeReceiptHeader(parseReceiptHeader(VALID_RECEIPT))).toBe(VALID_RECEIPT);
    expect(VALID_HEADER.length % 4).not.toBe(3);
    expect(VALID_RECEIPT.length % 4).not.toBe(3);
    expect(parseRequirements(JSON.stringify(requirementsJson())).nextNonce).toBe(3n);
    expect(parseReceiptHeader(VALID_RECEIPT).cost).toBe(1234n);
    expect(parseReceiptEventData(JSON.stringify(receiptJson())).lastNonce).toBe(5n);
    // Helpers that delete or set a field do change the value.
    expect(requirementsWith('credit.cap', undefined)).not.toBe(JSON.stringify(requirementsJson()));
  });

  it('has at least 100 cases', () => {
    const total = headerCases.length + requirementsCases.length + receiptCases.length + receiptEventCases.length;
    expect(total).toBeGreaterThanOrEqual(100);
    const names = [headerCases, requirementsCases, receiptCases, receiptEventCases].map((cases) => cases.map((c) => c.name));
    for (const list of names) expect(new Set(list).size).toBe(list.length);
  });

  it('every canonical-form case is JSON that a lenient parser reads: only its spelling is refused', () => {
    const spelling = [...headerCases, ...receiptCases].filter((c) => [c.reason ?? []].flat().some((r) => r.includes('not in canonical form')));
    expect(spelling.length).toBeGreaterThanOrEqual(40);
    for (const { name, input } of spelling) {
      const payload = (input as string).slice(3);
      expect(decodeBase64UrlJson(payload), name).toBeDefined();
    }
    for (const { name, input } of receiptEventCases.filter((c) => c.name.startsWith('event data, '))) {
      expect(parseJson(withoutByteOrderMark(input as string)), name).toBeDefined();
    }
  });

  describe('x-voucher header', () => {
    it.each(headerCases)('$name → $code ($field)', (testCase) => expectRejected(parseVoucherHeader, testCase));
  });
  describe('402 body', () => {
    it.each(requirementsCases)('$name → $code ($field)', (testCase) => expectRejected(parseRequirements, testCase));
  });
  describe('x-voucher-receipt header', () => {
    it.each(receiptCases)('$name → $code ($field)', (testCase) => expectRejected(parseReceiptHeader, testCase));
  });
  describe('voucher-receipt event data', () => {
    it.each(receiptEventCases)('$name → $code ($field)', (testCase) => expectRejected(parseReceiptEventData, testCase));
  });
});
