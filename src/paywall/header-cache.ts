import { parseVoucherHeader, type VoucherHeader } from '../protocol';

export const DEFAULT_HEADER_CACHE_CAPACITY = 4096;

/**
 * Parsed voucher headers by their exact text. A payer sends the same header on request after
 * request until it signs a new voucher, and parsing it (base64url, JSON, EIP-55 checksums,
 * canonical-signature checks) costs more than the rest of a warm paid request in memory. Equal
 * text parses to an equal header, so the cached one is returned deep-frozen: the engine may then
 * skip the static checks it already ran on that very object (VoucherAuth.checkStatic), while the
 * volatile ones (spent? subscribed? credit?) run on every request. Failures are not cached, so
 * garbage cannot push real headers out; the least recently used header is forgotten first.
 */
export class VoucherHeaderCache {
  // A Map iterates in insertion order; re-inserting on a hit makes the first key the LRU one.
  private readonly headers = new Map<string, VoucherHeader>();

  constructor(readonly capacity = DEFAULT_HEADER_CACHE_CAPACITY) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError('capacity must be a positive integer');
  }

  get size(): number {
    return this.headers.size;
  }

  /** The parsed header; throws ProtocolParseError like parseVoucherHeader. */
  parse(text: string): VoucherHeader {
    const known = this.headers.get(text);
    if (known !== undefined) {
      this.headers.delete(text);
      this.headers.set(text, known);
      return known;
    }
    const header = parseVoucherHeader(text);
    for (const voucher of header.vouchers) Object.freeze(voucher);
    Object.freeze(header.vouchers);
    Object.freeze(header);
    this.headers.set(text, header);
    if (this.headers.size > this.capacity) {
      const oldest = this.headers.keys().next();
      if (!oldest.done) this.headers.delete(oldest.value);
    }
    return header;
  }
}
