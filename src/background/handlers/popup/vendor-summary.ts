import type { VendorSummary } from '../../../messaging/popup-api';
import { newestSignedNonce } from '../../../payer/voucher-state/transitions';
import type { VendorVoucherState } from '../../../payer/voucher-state/types';
import type { VendorApproval } from '../../approvals/vendor-approvals';

const UNKNOWN_ASSET = { symbol: 'atoms', decimals: 0 };

/** The popup's view of a vendor: the user's approvals joined with the payer's voucher state. */
export function vendorSummary(approval: VendorApproval, state: VendorVoucherState): VendorSummary {
  const signed = state.vouchers.filter((entry) => entry.signature !== undefined);
  let cumulative = 0n;
  const summary: VendorSummary = {
    vendorKey: approval.vendorKeyId,
    vendor: state.key.vendor,
    vendorOrigin: approval.vendorOrigin,
    chainId: state.key.chainId,
    verifyingContract: state.key.verifyingContract,
    asset: state.asset ?? UNKNOWN_ASSET,
    approvedOrigins: approval.approvedOrigins,
    budgetAtoms: state.budget.limitAtoms,
    spentAtoms: state.budget.spentAtoms,
    maxVoucherAtoms: state.maxVoucherAtoms,
    vouchersSigned: signed.length,
    spending: state.series.map((point) => ({ at: point.minute, atoms: (cumulative += point.costAtoms) })),
    chargedAtoms: state.chargedAtoms ?? 0n,
    overchargeSuspected: approval.overchargeSuspected,
  };
  if (state.prices) summary.prices = state.prices;
  if (state.hold) summary.hold = state.hold;
  const lastNonce = newestSignedNonce(state);
  if (lastNonce !== null) summary.lastNonce = lastNonce;
  if (state.lastCredit) summary.lastCredit = state.lastCredit;
  if (state.lastReceiptAt !== undefined) summary.lastReceiptAt = state.lastReceiptAt;
  return summary;
}
