import type { PendingApproval, VendorSummary, WalletStatus } from '../../messaging/popup-api';
import type { TransactionRecord, TransactionStatus } from '../../storage/interfaces/TransactionStore';

/** Shared by component tests and the screenshot harness: plausible data, deterministic. */
export const VENDOR_A = '0x8ba1f109551bD432803012645Ac136ddd64DBA72' as const;
export const VENDOR_B = '0x71C7656EC7ab88b098defB751B7401B5f6d8976F' as const;
export const CLIENT = '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed' as const;
const CONTRACT = '0x000000000000000000000000000000000000dEaD' as const;

export const USDC = { symbol: 'USDC', decimals: 6, microUsdPerUnit: 1_000_000n };

export function walletStatus(overrides: Partial<WalletStatus> = {}): WalletStatus {
  return { state: 'unlocked', address: CLIENT, paused: false, autoLockMinutes: 15, pendingApprovals: 0, ...overrides };
}

export function vendorSummary(overrides: Partial<VendorSummary> = {}): VendorSummary {
  const start = Date.UTC(2026, 10, 20, 9);
  return {
    vendorKey: 'vendor-a',
    vendor: VENDOR_A,
    vendorOrigin: 'https://api.weather.example',
    chainId: 8453n,
    verifyingContract: CONTRACT,
    asset: USDC,
    prices: { atomsPerHour: 3_600_000n, atomsPerGB: 2_000_000n, approxCost: 1_500n },
    approvedOrigins: ['https://app.example', 'http://localhost:5173'],
    budgetAtoms: 5_000_000n,
    spentAtoms: 1_234_500n,
    maxVoucherAtoms: 100_000n,
    vouchersSigned: 14,
    lastNonce: 13n,
    lastCredit: { unspent: 120_000n, unmarked: 4_500n, locked: 1_500n, cap: 10_000_000n, available: 114_000n },
    lastReceiptAt: start + 5 * 3_600_000,
    spending: [0, 1, 2, 3, 5, 8, 9, 12, 13].map((step, i) => ({ at: start + step * 1_800_000, atoms: BigInt(i * i * 15_000 + i * 2_000) })),
    chargedAtoms: 1_180_000n,
    overchargeSuspected: false,
    ...overrides,
  };
}

export function pendingApproval(overrides: Partial<PendingApproval> = {}): PendingApproval {
  return {
    id: 'appr-1',
    pageOrigin: 'https://app.example',
    vendorOrigin: 'https://api.search.example',
    vendor: VENDOR_B,
    chainId: 8453n,
    verifyingContract: CONTRACT,
    asset: USDC,
    prices: { atomsPerHour: 3_600_000n, atomsPerGB: 2_000_000n, approxCost: 1_500n },
    suggestedVoucherAtoms: 50_000n,
    proposedBudgetAtoms: 5_000_000n,
    proposedVoucherAtoms: 100_000n,
    createdAt: Date.UTC(2026, 10, 24, 12),
    ...overrides,
  };
}

const PATHS = ['/v1/forecast?city=Berlin', '/v1/search?q=vouchers', '/v1/chat/completions', '/v1/embeddings', '/v1/forecast?city=Lagos'];
const STATUSES: TransactionStatus[] = ['paid', 'paid', 'paid', 'free', 'paid', 'error', 'paid', 'pending'];

/** The i-th of a series of records, one a minute back from `newest`. */
export function transactionRecord(i: number, newest: number): TransactionRecord {
  const status = STATUSES[i % STATUSES.length]!;
  const vendor = i % 3 === 2 ? VENDOR_B : VENDOR_A;
  const origin = vendor === VENDOR_A ? 'https://api.weather.example' : 'https://api.search.example';
  const path = PATHS[i % PATHS.length]!;
  const method = path.includes('chat') || path.includes('embeddings') ? 'POST' : 'GET';
  const record: TransactionRecord = {
    clientTxRef: `tx-${String(i).padStart(6, '0')}`,
    timestamp: newest - i * 60_000,
    protocol: i % 11 === 10 ? 'mcp' : 'http',
    method,
    urlOrTarget: `${origin}${path}`,
    operation: `${method}:${path.split('?')[0]}`,
    headersSummary: { 'content-type': 'application/json', 'x-client-tx-ref': `tx-${i}` },
    stream: path.includes('chat'),
    channelId: vendor,
    assetId: 'USDC',
    status,
  };
  if (method === 'POST') {
    record.requestBodyHash = 'a3f1c9e2b7d4058f6e1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f70';
    record.requestBodySize = 1_842;
  }
  if (status === 'paid') {
    record.statusCode = 200;
    record.durationMs = 120 + ((i * 37) % 900);
    record.payment = {
      cost: BigInt(1_000 + ((i * 731) % 9_000)),
      costUsd: BigInt(1_000 + ((i * 731) % 9_000)),
      nonce: BigInt(500 - i),
      serviceTxRef: `svc-${(i * 7919).toString(16)}`,
      paidAt: new Date(newest - i * 60_000 + 300).toISOString(),
    };
    if (i % 17 === 4) record.meta = { overcharge: true };
  } else if (status === 'free') {
    record.statusCode = 200;
    record.durationMs = 80;
  } else if (status === 'error') {
    record.statusCode = 402;
    record.errorCode = 'insufficient_credit';
    record.errorMessage = 'Budget for this vendor is used up';
  }
  return record;
}

export function transactionRecords(count: number, newest: number): TransactionRecord[] {
  return Array.from({ length: count }, (_, i) => transactionRecord(i, newest));
}
