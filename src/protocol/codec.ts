import { getAddress, isAddress, type Address, type Hex } from 'viem';
import { ProtocolParseError, type ParseErrorCode } from './errors';
import { isCanonicalSignature } from './voucher';

/**
 * Field readers shared by the wire parsers. Each throws ProtocolParseError with the
 * caller's code, so one malformed field rejects the whole value: nothing is accepted in part.
 */
export class FieldReader {
  constructor(
    private readonly code: ParseErrorCode,
    private readonly path: string = '',
  ) {}

  fail(field: string, message: string): never {
    throw new ProtocolParseError(this.code, this.path + field, message);
  }

  at(field: string): FieldReader {
    return new FieldReader(this.code, `${this.path}${field}.`);
  }

  object(value: unknown, field: string): Record<string, unknown> {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      this.fail(field, 'must be an object');
    }
    return value as Record<string, unknown>;
  }

  array(value: unknown, field: string): unknown[] {
    if (!Array.isArray(value)) this.fail(field, 'must be an array');
    return value;
  }

  string(value: unknown, field: string, maxLength = 1024): string {
    if (typeof value !== 'string') this.fail(field, 'must be a string');
    if (value.length > maxLength) this.fail(field, `longer than ${maxLength} characters`);
    return value;
  }

  optionalString(value: unknown, field: string, maxLength = 1024): string | undefined {
    return value === undefined ? undefined : this.string(value, field, maxLength);
  }

  /** An unsigned integer written as a canonical decimal string ("0", "42"; never "042", "1e3", "-1"). */
  uint(value: unknown, field: string, max: bigint): bigint {
    if (typeof value !== 'string' || !/^(0|[1-9][0-9]{0,77})$/.test(value)) {
      this.fail(field, 'must be an unsigned integer in a decimal string');
    }
    const parsed = BigInt(value);
    if (parsed > max) this.fail(field, 'out of range');
    return parsed;
  }

  optionalUint(value: unknown, field: string, max: bigint): bigint | undefined {
    return value === undefined ? undefined : this.uint(value, field, max);
  }

  smallInt(value: unknown, field: string, min: number, max: number): number {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      this.fail(field, `must be an integer from ${min} to ${max}`);
    }
    return value;
  }

  address(value: unknown, field: string): Address {
    if (typeof value !== 'string' || !isAddress(value, { strict: false })) {
      this.fail(field, 'must be a 20-byte 0x-prefixed hex address');
    }
    // Mixed case must be a valid EIP-55 checksum; all-lower or all-upper is accepted.
    const body = value.slice(2);
    const mixed = body !== body.toLowerCase() && body !== body.toUpperCase();
    if (mixed && getAddress(value) !== value) this.fail(field, 'has a wrong EIP-55 checksum');
    return getAddress(value);
  }

  /**
   * An address in its EIP-55 checksum form only: the spelling the encoders of the voucher header
   * and the receipt write, so that each of those values has one encoding (docs/protocol.md §2.1).
   */
  checksumAddress(value: unknown, field: string): Address {
    if (typeof value !== 'string' || !/^0x[0-9a-fA-F]{40}$/.test(value)) {
      this.fail(field, 'must be a 20-byte 0x-prefixed hex address');
    }
    if (getAddress(value) !== value) this.fail(field, 'must be in EIP-55 checksum form');
    return value as Address;
  }

  /** A 65-byte signature in lowercase hex, canonical as chain contracts require. */
  signature(value: unknown, field: string): Hex {
    if (typeof value !== 'string' || !/^0x[0-9a-fA-F]{130}$/.test(value)) {
      this.fail(field, 'must be a 65-byte 0x-prefixed hex signature');
    }
    if (value !== value.toLowerCase()) this.fail(field, 'must be lowercase hex');
    if (!isCanonicalSignature(value)) this.fail(field, 'must be canonical: v 27 or 28, low s (EIP-2)');
    return value as Hex;
  }

  onlyKeys(object: Record<string, unknown>, allowed: readonly string[], field: string): void {
    for (const key of Object.keys(object)) {
      if (!allowed.includes(key)) this.fail(field, `unknown field "${key}"`);
    }
  }
}

const BASE64URL = /^[A-Za-z0-9_-]*$/;

const ASCII = /^[\x00-\x7f]*$/;
/** Bytes handed to String.fromCharCode at once, below every engine's argument limit. */
const CHUNK = 0x8000;

export function encodeBase64UrlJson(value: unknown): string {
  const json = JSON.stringify(value);
  // The parsers re-encode every header they read, so the common ASCII case skips the byte copy.
  let binary = json;
  if (!ASCII.test(json)) {
    const bytes = new TextEncoder().encode(json);
    binary = '';
    for (let at = 0; at < bytes.length; at += CHUNK) {
      binary += String.fromCharCode(...bytes.subarray(at, at + CHUNK));
    }
  }
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

/**
 * The UTF-8 text that unpadded base64url encodes, a leading byte order mark kept (the canonical
 * checks must see it); undefined for anything else.
 */
export function decodeBase64UrlText(text: string): string | undefined {
  return base64UrlToText(text, true);
}

/**
 * Decodes base64url JSON; returns undefined for anything that is not. A leading byte order mark is
 * skipped here, so that the canonical check, not JSON.parse, rejects it and names it.
 */
export function decodeBase64UrlJson(text: string): unknown {
  const json = base64UrlToText(text, false);
  return json === undefined ? undefined : parseJson(json);
}

function base64UrlToText(text: string, keepByteOrderMark: boolean): string | undefined {
  if (!BASE64URL.test(text) || text.length % 4 === 1) return undefined;
  try {
    const binary = atob(text.replaceAll('-', '+').replaceAll('_', '/'));
    const bytes = new Uint8Array(binary.length);
    for (let at = 0; at < binary.length; at++) bytes[at] = binary.charCodeAt(at);
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: keepByteOrderMark }).decode(bytes);
  } catch {
    return undefined;
  }
}

/** JSON text, or undefined when it is not JSON. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
