import type { Address, Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { describe, expect, it } from 'vitest';
import { decodeBase64UrlJson } from './codec';
import {
  MAX_VOUCHERS_PER_HEADER,
  MAX_VOUCHER_HEADER_LENGTH,
  authenticatingVoucher,
  encodeVoucherHeader,
  isJoinedVoucherHeader,
  parseVoucherHeader,
} from './header';
import { MAX_UINT256, MAX_UINT64, isVoucherSignedByClient, signVoucher, type VoucherDomain } from './voucher';

const client = privateKeyToAccount('0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80');
const otherClient = privateKeyToAccount('0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d');
const vendor: Address = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
const domain: VoucherDomain = { chainId: 31337n, verifyingContract: '0x5FbDB2315678afecb367f032d93F642f64180aa3' };

const sign = (nonce: bigint, atoms = 1_000_000n, account = client) =>
  signVoucher(account, domain, { vendor, nonce, atoms });

describe('voucher header round trip', () => {
  it('carries one voucher', async () => {
    const voucher = await sign(0n);
    const header = encodeVoucherHeader([voucher]);
    expect(header.startsWith('v1.')).toBe(true);
    expect(header.slice(3)).toMatch(/^[A-Za-z0-9_-]+$/);
    const parsed = parseVoucherHeader(header);
    expect(parsed).toEqual({
      client: voucher.client,
      vendor,
      chainId: domain.chainId,
      verifyingContract: domain.verifyingContract,
      vouchers: [voucher],
    });
    expect(authenticatingVoucher(parsed)).toEqual(voucher);
    expect(await isVoucherSignedByClient(authenticatingVoucher(parsed))).toBe(true);
  });

  it(`carries up to ${MAX_VOUCHERS_PER_HEADER} vouchers, sorted, the newest authenticating`, async () => {
    const vouchers = await Promise.all(
      Array.from({ length: MAX_VOUCHERS_PER_HEADER }, (_, i) => sign(100n + BigInt(i), BigInt(i + 1))),
    );
    // The encoder sorts: a payer may hand them over in any order.
    const header = encodeVoucherHeader([...vouchers].reverse());
    expect(header.length).toBeLessThanOrEqual(MAX_VOUCHER_HEADER_LENGTH);
    const parsed = parseVoucherHeader(header);
    expect(parsed.vouchers).toEqual(vouchers);
    expect(authenticatingVoucher(parsed).nonce).toBe(115n);
    for (const voucher of parsed.vouchers) expect(await isVoucherSignedByClient(voucher)).toBe(true);
  });

  it('keeps the extreme values of uint64 nonces and uint256 atoms exactly', async () => {
    const last = await sign(MAX_UINT64, MAX_UINT256);
    const before = await sign(MAX_UINT64 - 1n, 1n);
    const parsed = parseVoucherHeader(encodeVoucherHeader([before, last]));
    expect(parsed.vouchers.map((v) => [v.nonce, v.atoms])).toEqual([
      [MAX_UINT64 - 1n, 1n],
      [MAX_UINT64, MAX_UINT256],
    ]);
  });

  it('the largest possible header (16 vouchers, max nonces and atoms) fits the limit', async () => {
    const signature = (await sign(0n)).signature;
    const vouchers = Array.from({ length: MAX_VOUCHERS_PER_HEADER }, (_, i) => ({
      client: client.address,
      vendor,
      ...domain,
      nonce: MAX_UINT64 - 15n + BigInt(i),
      atoms: MAX_UINT256,
      signature,
    }));
    const header = encodeVoucherHeader(vouchers);
    expect(header.length).toBeLessThan(MAX_VOUCHER_HEADER_LENGTH);
    expect(parseVoucherHeader(header).vouchers).toHaveLength(MAX_VOUCHERS_PER_HEADER);
  });

  it('writes numbers as canonical decimal strings and addresses as given', async () => {
    const voucher = await sign(7n, 42n);
    const json = decodeBase64UrlJson(encodeVoucherHeader([voucher]).slice(3));
    expect(json).toEqual({
      client: client.address,
      vendor,
      chainId: '31337',
      verifyingContract: domain.verifyingContract,
      vouchers: [{ nonce: '7', atoms: '42', signature: voucher.signature }],
    });
  });

  it('writes checksummed addresses and lowercase signatures whatever case it is given', async () => {
    const voucher = await sign(0n);
    const shouted = {
      ...voucher,
      client: client.address.toLowerCase() as Address,
      vendor: vendor.toLowerCase() as Address,
      verifyingContract: `0x${domain.verifyingContract.slice(2).toUpperCase()}` as Address,
      signature: `0x${voucher.signature.slice(2).toUpperCase()}` as Hex,
    };
    const header = encodeVoucherHeader([shouted]);
    expect(header).toBe(encodeVoucherHeader([voucher]));
    expect(parseVoucherHeader(header).vouchers).toEqual([voucher]);
  });

  it('is its own canonical form: parsing and re-encoding gives back the same text', async () => {
    const vouchers = await Promise.all([3n, 4n, 5n].map((nonce) => sign(nonce, nonce * 1000n)));
    for (let count = 1; count <= vouchers.length; count++) {
      const header = encodeVoucherHeader(vouchers.slice(0, count));
      expect(encodeVoucherHeader(parseVoucherHeader(header).vouchers)).toBe(header);
    }
  });
});

describe('two x-voucher headers on one request', () => {
  it('are recognised once joined with ", " as Node and the Fetch API join them', async () => {
    const first = encodeVoucherHeader([await sign(0n)]);
    const second = encodeVoucherHeader([await sign(1n)]);
    const nodeJoined = `${first}, ${second}`;
    const fetchJoined = new Headers([['x-voucher', first], ['x-voucher', second]]).get('x-voucher')!;
    expect(fetchJoined).toBe(nodeJoined);
    expect(isJoinedVoucherHeader(nodeJoined)).toBe(true);
    expect(isJoinedVoucherHeader(`${first}, ${first}`)).toBe(true);
    expect(isJoinedVoucherHeader(first)).toBe(false);
    expect(() => parseVoucherHeader(nodeJoined)).toThrow(
      expect.objectContaining({ code: 'duplicate_voucher_header', field: 'header' }),
    );
  });

  it('a valid header never contains ", ", so no single header is taken for two', async () => {
    const vouchers = await Promise.all(Array.from({ length: MAX_VOUCHERS_PER_HEADER }, (_, i) => sign(BigInt(i))));
    for (let count = 1; count <= vouchers.length; count++) {
      expect(isJoinedVoucherHeader(encodeVoucherHeader(vouchers.slice(0, count)))).toBe(false);
    }
  });
});

describe('encodeVoucherHeader refuses what it must not send', () => {
  it('no vouchers', () => {
    expect(() => encodeVoucherHeader([])).toThrow(RangeError);
  });

  it('more than the maximum', async () => {
    const voucher = await sign(0n);
    const many = Array.from({ length: MAX_VOUCHERS_PER_HEADER + 1 }, (_, i) => ({ ...voucher, nonce: BigInt(i) }));
    expect(() => encodeVoucherHeader(many)).toThrow(RangeError);
  });

  it('a gap in the nonces', async () => {
    const vouchers = [await sign(0n), await sign(2n)];
    expect(() => encodeVoucherHeader(vouchers)).toThrow(/contiguous/);
  });

  it('two vouchers under one nonce', async () => {
    const vouchers = [await sign(3n, 1n), await sign(3n, 2n)];
    expect(() => encodeVoucherHeader(vouchers)).toThrow(/contiguous/);
  });

  it('vouchers of different clients, vendors or domains', async () => {
    const mine = await sign(0n);
    const theirs = await sign(1n, 1n, otherClient);
    const next = await sign(1n);
    expect(() => encodeVoucherHeader([mine, theirs])).toThrow(/share/);
    expect(() => encodeVoucherHeader([mine, { ...next, chainId: 1n }])).toThrow(/share/);
    expect(() => encodeVoucherHeader([mine, { ...next, vendor: client.address }])).toThrow(/share/);
    expect(() => encodeVoucherHeader([mine, { ...next, verifyingContract: vendor }])).toThrow(/share/);
  });
});
