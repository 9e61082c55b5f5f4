import type { Address, Hex } from 'viem';
import { generatePrivateKey, privateKeyToAccount, type PrivateKeyAccount } from 'viem/accounts';
import {
  RECEIPT_HEADER,
  REQUIREMENTS_HEADER,
  encodeVoucherHeader,
  parseReceiptHeader,
  parseRequirements,
  signVoucher,
  type PaymentRequirements,
  type Receipt,
  type SignedVoucher,
  type VoucherDomain,
} from '../../protocol';

export interface VendorTarget {
  url: string;
  vendor: Address;
  chainId: bigint;
  verifyingContract: Address;
}

export interface PaidAnswer {
  status: number;
  text: string;
  headers: Headers;
  receipt?: Receipt;
  requirements?: PaymentRequirements;
}

/** A Node payer for tests and benchmarks: signs vouchers with a viem account and calls the vendor. */
export class VoucherClient {
  readonly account: PrivateKeyAccount;
  readonly domain: VoucherDomain;

  constructor(
    readonly target: VendorTarget,
    privateKey: Hex = generatePrivateKey(),
  ) {
    this.account = privateKeyToAccount(privateKey);
    this.domain = { chainId: target.chainId, verifyingContract: target.verifyingContract };
  }

  get address(): Address {
    return this.account.address;
  }

  /** A voucher for this vendor (or another vendor/domain, to test refusals). */
  sign(nonce: bigint, atoms: bigint, overrides: { vendor?: Address; domain?: VoucherDomain } = {}): Promise<SignedVoucher> {
    return signVoucher(this.account, overrides.domain ?? this.domain, {
      vendor: overrides.vendor ?? this.target.vendor,
      nonce,
      atoms,
    });
  }

  header(...vouchers: SignedVoucher[]): string {
    return encodeVoucherHeader(vouchers);
  }

  async request(path: string, voucherHeader?: string, init: RequestInit = {}): Promise<PaidAnswer> {
    const headers = new Headers(init.headers);
    if (voucherHeader !== undefined) headers.set('x-voucher', voucherHeader);
    const response = await fetch(this.target.url + path, { ...init, headers });
    const text = await response.text();
    const answer: PaidAnswer = { status: response.status, text, headers: response.headers };
    const receipt = response.headers.get(RECEIPT_HEADER);
    if (receipt) answer.receipt = parseReceiptHeader(receipt);
    if (response.headers.get(REQUIREMENTS_HEADER) || (response.status >= 400 && text.startsWith('{"version":1'))) {
      answer.requirements = parseRequirements(text);
    }
    return answer;
  }
}

/** GET /admin/clients/:address, parsed as JSON (bigints stay decimal strings). */
export async function adminView(url: string, client: Address): Promise<Record<string, unknown>> {
  const response = await fetch(`${url}/admin/clients/${client}`);
  if (response.status !== 200) throw new Error(`admin view: HTTP ${response.status}`);
  return (await response.json()) as Record<string, unknown>;
}

export async function adminStats(
  url: string,
): Promise<{ clients: Record<string, { requests: number; charged: string; paymentRequired: number }>; totalCharged: string; paymentRequired: number; faults: number }> {
  return (await (await fetch(`${url}/admin/stats`)).json()) as never;
}
