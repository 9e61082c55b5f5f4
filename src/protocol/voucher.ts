import {
  concatHex,
  getAddress,
  hashTypedData,
  isAddress,
  keccak256,
  numberToHex,
  recoverTypedDataAddress,
  stringToHex,
  type Address,
  type Hex,
  type LocalAccount,
} from 'viem';

/** EIP-712 domain name and version of protocol v1. */
export const VOUCHER_DOMAIN_NAME = 'VoucherWallet';
export const VOUCHER_DOMAIN_VERSION = '1';

export const MAX_UINT64 = (1n << 64n) - 1n;
export const MAX_UINT256 = (1n << 256n) - 1n;
/** Order of the secp256k1 group. */
const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

/** Where a voucher is valid: one chain and one collateral contract. */
export interface VoucherDomain {
  chainId: bigint;
  /** The collateral contract's address. */
  verifyingContract: Address;
}

/** The signed content of a voucher. */
export interface Voucher {
  client: Address;
  vendor: Address;
  /** uint64; a client's vouchers for one vendor are numbered 0, 1, 2, … */
  nonce: bigint;
  /** uint256; the amount in the asset's smallest unit. */
  atoms: bigint;
}

export interface SignedVoucher extends Voucher {
  chainId: bigint;
  verifyingContract: Address;
  /** 65-byte secp256k1 signature over the EIP-712 hash, 0x-prefixed hex. */
  signature: Hex;
}

export const VOUCHER_TYPES = {
  Voucher: [
    { name: 'client', type: 'address' },
    { name: 'vendor', type: 'address' },
    { name: 'nonce', type: 'uint64' },
    { name: 'atoms', type: 'uint256' },
  ],
} as const;

export function voucherTypedData(domain: VoucherDomain, voucher: Voucher) {
  return {
    domain: {
      name: VOUCHER_DOMAIN_NAME,
      version: VOUCHER_DOMAIN_VERSION,
      chainId: domain.chainId,
      verifyingContract: domain.verifyingContract,
    },
    types: VOUCHER_TYPES,
    primaryType: 'Voucher' as const,
    message: {
      client: voucher.client,
      vendor: voucher.vendor,
      nonce: voucher.nonce,
      atoms: voucher.atoms,
    },
  };
}

/** The EIP-712 digest: what is signed, and a stable identity for a voucher's content. */
export function voucherDigest(domain: VoucherDomain, voucher: Voucher): Hex {
  const valid =
    isAddress(voucher.client) &&
    isAddress(voucher.vendor) &&
    isAddress(domain.verifyingContract) &&
    voucher.nonce >= 0n &&
    voucher.nonce <= MAX_UINT64 &&
    voucher.atoms >= 0n &&
    voucher.atoms <= MAX_UINT256 &&
    domain.chainId >= 0n &&
    domain.chainId <= MAX_UINT256;
  // Anything hashTypedData would refuse goes to it, so it fails exactly as it always did.
  if (!valid) return hashTypedData(voucherTypedData(domain, voucher));
  const structHash = keccak256(
    concatHex([VOUCHER_TYPE_HASH, word(voucher.client), word(voucher.vendor), word(voucher.nonce), word(voucher.atoms)]),
  );
  return keccak256(concatHex(['0x1901', domainSeparator(domain), structHash]));
}

// The EIP-712 encoding spelled out (viem's hashTypedData re-derives the types and validates every
// field on each call, ~5× the cost); voucher.test.ts checks it against hashTypedData.
const VOUCHER_TYPE_HASH = keccak256(stringToHex('Voucher(address client,address vendor,uint64 nonce,uint256 atoms)'));
const DOMAIN_TYPE_HASH = keccak256(
  stringToHex('EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)'),
);
const domainSeparators = new Map<string, Hex>();
const MAX_DOMAIN_SEPARATORS = 64;

function word(value: Address | bigint): Hex {
  return typeof value === 'bigint' ? numberToHex(value, { size: 32 }) : (`0x${value.slice(2).toLowerCase().padStart(64, '0')}` as Hex);
}

function domainSeparator(domain: VoucherDomain): Hex {
  const key = `${domain.chainId}:${domain.verifyingContract.toLowerCase()}`;
  let separator = domainSeparators.get(key);
  if (separator === undefined) {
    separator = keccak256(
      concatHex([
        DOMAIN_TYPE_HASH,
        keccak256(stringToHex(VOUCHER_DOMAIN_NAME)),
        keccak256(stringToHex(VOUCHER_DOMAIN_VERSION)),
        word(domain.chainId),
        word(domain.verifyingContract),
      ]),
    );
    // A vendor sees one or two domains; the bound only keeps odd input from growing the map.
    if (domainSeparators.size >= MAX_DOMAIN_SEPARATORS) domainSeparators.clear();
    domainSeparators.set(key, separator);
  }
  return separator;
}

export async function signVoucher(
  account: Pick<LocalAccount, 'address' | 'signTypedData'>,
  domain: VoucherDomain,
  voucher: Omit<Voucher, 'client'>,
): Promise<SignedVoucher> {
  const full: Voucher = { ...voucher, client: account.address };
  const signature = await account.signTypedData(voucherTypedData(domain, full));
  return { ...full, chainId: domain.chainId, verifyingContract: domain.verifyingContract, signature };
}

/**
 * A signature in the one encoding a chain contract accepts: 65 bytes r ‖ s ‖ v with v 27 or 28,
 * 0 < r < n and 0 < s ≤ n/2 (EIP-2 low s, as OpenZeppelin's ECDSA.recover requires). Every
 * signature also has a high-s twin (n − s, other v) and a v 0/1 spelling that recover the same
 * address off chain; accepting those would let a vendor take a voucher it cannot redeem, and give
 * one voucher several "identical" encodings.
 */
export function isCanonicalSignature(signature: string): boolean {
  if (!/^0x[0-9a-fA-F]{130}$/.test(signature)) return false;
  const r = BigInt(`0x${signature.slice(2, 66)}`);
  const s = BigInt(`0x${signature.slice(66, 130)}`);
  const v = Number.parseInt(signature.slice(130, 132), 16);
  return (v === 27 || v === 28) && r > 0n && r < SECP256K1_N && s > 0n && s <= SECP256K1_N / 2n;
}

/** The address whose key produced the signature, or null when the signature is unusable. */
export async function recoverVoucherSigner(voucher: SignedVoucher): Promise<Address | null> {
  if (!isCanonicalSignature(voucher.signature)) return null;
  try {
    const signer = await recoverTypedDataAddress({
      ...voucherTypedData(voucher, voucher),
      signature: voucher.signature,
    });
    return getAddress(signer);
  } catch {
    return null;
  }
}

/** True when the voucher is signed by the client it names. Costs one elliptic-curve recovery. */
export async function isVoucherSignedByClient(voucher: SignedVoucher): Promise<boolean> {
  const signer = await recoverVoucherSigner(voucher);
  return signer !== null && signer === getAddress(voucher.client);
}

/** Two signed vouchers with the same content and signature. */
export function sameVoucher(a: SignedVoucher, b: SignedVoucher): boolean {
  return (
    a.nonce === b.nonce &&
    a.atoms === b.atoms &&
    a.chainId === b.chainId &&
    a.client.toLowerCase() === b.client.toLowerCase() &&
    a.vendor.toLowerCase() === b.vendor.toLowerCase() &&
    a.verifyingContract.toLowerCase() === b.verifyingContract.toLowerCase() &&
    a.signature.toLowerCase() === b.signature.toLowerCase()
  );
}
