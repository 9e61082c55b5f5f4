import fc from 'fast-check';
import { bytesToHex, getAddress, hashTypedData, type Address, type Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { describe, expect, it } from 'vitest';
import {
  MAX_UINT256,
  MAX_UINT64,
  isCanonicalSignature,
  isVoucherSignedByClient,
  recoverVoucherSigner,
  sameVoucher,
  signVoucher,
  voucherDigest,
  voucherTypedData,
  type SignedVoucher,
  type VoucherDomain,
} from './voucher';

// Hardhat's well-known test accounts #0, #1, #2 and its first deployment address.
const client = privateKeyToAccount('0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80');
const vendor: Address = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
const otherVendor: Address = '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC';
const domain: VoucherDomain = { chainId: 31337n, verifyingContract: '0x5FbDB2315678afecb367f032d93F642f64180aa3' };
const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

async function signed(overrides: Partial<{ nonce: bigint; atoms: bigint; vendor: Address }> = {}) {
  return signVoucher(client, domain, { vendor, nonce: 0n, atoms: 1_000_000n, ...overrides });
}

/** The other two encodings of the same ECDSA signature: high s with flipped v, and v as 0/1. */
function malleate(signature: Hex): { highS: Hex; zeroOneV: Hex } {
  const r = signature.slice(2, 66);
  const s = BigInt(`0x${signature.slice(66, 130)}`);
  const v = Number.parseInt(signature.slice(130), 16);
  const highS = (SECP256K1_N - s).toString(16).padStart(64, '0');
  return {
    highS: `0x${r}${highS}${(v === 27 ? 28 : 27).toString(16)}`,
    zeroOneV: `0x${r}${signature.slice(66, 130)}${(v - 27).toString(16).padStart(2, '0')}`,
  };
}

describe('signVoucher / recoverVoucherSigner', () => {
  it('signs for the account and recovers the same address', async () => {
    const voucher = await signed();
    expect(voucher.client).toBe('0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266');
    expect(voucher.chainId).toBe(31337n);
    expect(voucher.verifyingContract).toBe(domain.verifyingContract);
    expect(voucher.signature).toMatch(/^0x[0-9a-f]{130}$/);
    expect(await recoverVoucherSigner(voucher)).toBe(client.address);
    expect(await isVoucherSignedByClient(voucher)).toBe(true);
  });

  it('is deterministic (RFC 6979): the same voucher signs to the same bytes', async () => {
    expect((await signed()).signature).toBe((await signed()).signature);
    expect((await signed({ nonce: 1n })).signature).not.toBe((await signed()).signature);
  });

  const rebinds: Array<[string, (v: SignedVoucher) => SignedVoucher]> = [
    ['another vendor', (v) => ({ ...v, vendor: otherVendor })],
    ['another chainId', (v) => ({ ...v, chainId: 1n })],
    ['another verifyingContract', (v) => ({ ...v, verifyingContract: '0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512' })],
    ['tampered atoms', (v) => ({ ...v, atoms: v.atoms + 1n })],
    ['tampered nonce', (v) => ({ ...v, nonce: v.nonce + 1n })],
  ];
  it.each(rebinds)('a voucher presented under %s recovers a different address', async (_, rebind) => {
    const voucher = await signed();
    const moved = rebind(voucher);
    const signer = await recoverVoucherSigner(moved);
    expect(signer).not.toBeNull();
    expect(signer).not.toBe(client.address);
    expect(await isVoucherSignedByClient(moved)).toBe(false);
  });

  it('a voucher naming another client than its signer does not verify', async () => {
    const voucher = await signed();
    const forged = { ...voucher, client: vendor };
    expect(await isVoucherSignedByClient(forged)).toBe(false);
  });

  it('compares the client case-insensitively (lowercase client still verifies)', async () => {
    const voucher = await signed();
    const lower = { ...voucher, client: voucher.client.toLowerCase() as Address };
    expect(await isVoucherSignedByClient(lower)).toBe(true);
  });

  it('returns null, not a throw, for unusable signatures', async () => {
    const voucher = await signed();
    const unusable: Hex[] = ['0x', `0x${'00'.repeat(65)}`, `0x${'ff'.repeat(65)}`, `0x${'12'.repeat(64)}`];
    for (const signature of unusable) {
      expect(await recoverVoucherSigner({ ...voucher, signature })).toBeNull();
      expect(await isVoucherSignedByClient({ ...voucher, signature })).toBe(false);
    }
  });

  it('an arbitrary well-formed signature recovers some other address, never the client', async () => {
    const voucher = await signed();
    const arbitrary = { ...voucher, signature: `0x${'12'.repeat(64)}1b` as Hex };
    const signer = await recoverVoucherSigner(arbitrary);
    expect(signer).toMatch(/^0x[0-9a-fA-F]{40}$/);
    expect(signer).not.toBe(client.address);
    expect(await isVoucherSignedByClient(arbitrary)).toBe(false);
  });

  it('rejects the malleable encodings of a valid signature (high s, v 0/1)', async () => {
    const voucher = await signed();
    const { highS, zeroOneV } = malleate(voucher.signature);
    expect(isCanonicalSignature(voucher.signature)).toBe(true);
    expect(isCanonicalSignature(highS)).toBe(false);
    expect(isCanonicalSignature(zeroOneV)).toBe(false);
    expect(await recoverVoucherSigner({ ...voucher, signature: highS })).toBeNull();
    expect(await recoverVoucherSigner({ ...voucher, signature: zeroOneV })).toBeNull();
  });

  it('isCanonicalSignature bounds r and s', () => {
    const hex = (value: bigint) => value.toString(16).padStart(64, '0');
    const sig = (r: bigint, s: bigint, v = 27) => `0x${hex(r)}${hex(s)}${v.toString(16)}`;
    expect(isCanonicalSignature(sig(1n, SECP256K1_N / 2n))).toBe(true);
    expect(isCanonicalSignature(sig(1n, SECP256K1_N / 2n + 1n))).toBe(false);
    expect(isCanonicalSignature(sig(0n, 1n))).toBe(false);
    expect(isCanonicalSignature(sig(1n, 0n))).toBe(false);
    expect(isCanonicalSignature(sig(SECP256K1_N, 1n))).toBe(false);
    expect(isCanonicalSignature(sig(SECP256K1_N - 1n, 1n, 28))).toBe(true);
    expect(isCanonicalSignature(sig(1n, 1n, 29))).toBe(false);
  });
});

describe('voucherDigest', () => {
  it("is viem's hashTypedData of the voucher's typed data, for any field values", () => {
    const address = fc.uint8Array({ minLength: 20, maxLength: 20 }).map((bytes) => bytesToHex(bytes));
    fc.assert(
      fc.property(
        address,
        address,
        address,
        fc.bigInt({ min: 0n, max: MAX_UINT64 }),
        fc.bigInt({ min: 0n, max: MAX_UINT256 }),
        fc.bigInt({ min: 0n, max: MAX_UINT256 }),
        (client, vendor, verifyingContract, nonce, atoms, chainId) => {
          const d = { chainId, verifyingContract };
          const v = { client, vendor, nonce, atoms };
          expect(voucherDigest(d, v)).toBe(hashTypedData(voucherTypedData(d, v)));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('refuses what hashTypedData refuses', () => {
    const v = { client: vendor, vendor: otherVendor, nonce: 1n, atoms: 1n };
    expect(() => voucherDigest(domain, { ...v, nonce: MAX_UINT64 + 1n })).toThrow();
    expect(() => voucherDigest(domain, { ...v, atoms: -1n })).toThrow();
    expect(() => voucherDigest(domain, { ...v, client: '0x1234' as Address })).toThrow();
  });

  it('changes with every signed field and with the domain', async () => {
    const voucher = await signed();
    const base = voucherDigest(domain, voucher);
    expect(base).toMatch(/^0x[0-9a-f]{64}$/);
    const variants = [
      voucherDigest(domain, { ...voucher, nonce: 1n }),
      voucherDigest(domain, { ...voucher, atoms: 999_999n }),
      voucherDigest(domain, { ...voucher, vendor: otherVendor }),
      voucherDigest(domain, { ...voucher, client: vendor }),
      voucherDigest({ ...domain, chainId: 1n }, voucher),
      voucherDigest({ ...domain, verifyingContract: vendor }, voucher),
    ];
    expect(new Set([base, ...variants]).size).toBe(variants.length + 1);
  });

  it('does not depend on address case', async () => {
    const voucher = await signed();
    const lower = { ...voucher, client: voucher.client.toLowerCase() as Address, vendor: getAddress(vendor) };
    expect(voucherDigest(domain, lower)).toBe(voucherDigest(domain, voucher));
  });
});

describe('sameVoucher', () => {
  it('is true for the same content and signature, ignoring hex case', async () => {
    const voucher = await signed();
    const recased: SignedVoucher = {
      ...voucher,
      client: voucher.client.toLowerCase() as Address,
      vendor: voucher.vendor.toUpperCase().replace('0X', '0x') as Address,
      signature: voucher.signature.toUpperCase().replace('0X', '0x') as Hex,
    };
    expect(sameVoucher(voucher, recased)).toBe(true);
  });

  it('is false when any field differs', async () => {
    const voucher = await signed();
    const other = await signed({ atoms: 2n });
    expect(sameVoucher(voucher, other)).toBe(false);
    expect(sameVoucher(voucher, { ...voucher, nonce: 1n })).toBe(false);
    expect(sameVoucher(voucher, { ...voucher, atoms: 1n })).toBe(false);
    expect(sameVoucher(voucher, { ...voucher, chainId: 1n })).toBe(false);
    expect(sameVoucher(voucher, { ...voucher, vendor: otherVendor })).toBe(false);
    expect(sameVoucher(voucher, { ...voucher, client: vendor })).toBe(false);
    expect(sameVoucher(voucher, { ...voucher, verifyingContract: vendor })).toBe(false);
    expect(sameVoucher(voucher, { ...voucher, signature: other.signature })).toBe(false);
  });
});
