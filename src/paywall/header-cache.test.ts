import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { describe, expect, it } from 'vitest';
import { ProtocolParseError, encodeVoucherHeader, parseVoucherHeader, signVoucher } from '../protocol';
import { VoucherHeaderCache } from './header-cache';

const domain = { chainId: 31337n, verifyingContract: '0x5FbDB2315678afecb367f032d93F642f64180aa3' as const };
const vendor = privateKeyToAccount(generatePrivateKey()).address;

async function headerText(nonce: bigint): Promise<string> {
  const voucher = await signVoucher(privateKeyToAccount(generatePrivateKey()), domain, { vendor, nonce, atoms: 10n });
  return encodeVoucherHeader([voucher]);
}

describe('VoucherHeaderCache', () => {
  it('parses like parseVoucherHeader and returns one deep-frozen object per text', async () => {
    const cache = new VoucherHeaderCache();
    const text = await headerText(3n);
    const header = cache.parse(text);
    expect(header).toEqual(parseVoucherHeader(text));
    expect(cache.parse(text)).toBe(header);
    expect(Object.isFrozen(header) && Object.isFrozen(header.vouchers) && Object.isFrozen(header.vouchers[0])).toBe(true);
  });

  it('throws the parser’s error for a bad header and does not remember it', () => {
    const cache = new VoucherHeaderCache();
    expect(() => cache.parse('v1.not-json')).toThrow(ProtocolParseError);
    expect(() => cache.parse('v2.abc')).toThrow(expect.objectContaining({ code: 'unsupported_version' }));
    expect(cache.size).toBe(0);
  });

  it('forgets the least recently used header beyond its capacity', async () => {
    const cache = new VoucherHeaderCache(2);
    const [a, b, c] = await Promise.all([headerText(0n), headerText(1n), headerText(2n)]);
    const first = cache.parse(a);
    cache.parse(b);
    cache.parse(a); // a is now the most recent
    cache.parse(c); // evicts b
    expect(cache.size).toBe(2);
    expect(cache.parse(a)).toBe(first);
    const bAgain = cache.parse(b);
    expect(bAgain).toEqual(parseVoucherHeader(b));
    expect(() => new VoucherHeaderCache(0)).toThrow(RangeError);
  });
});
