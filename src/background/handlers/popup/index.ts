import type { PopupRequestType } from '../../../messaging/popup-api';
import type { PopupHandler } from '../../handler';
import { approvalsDecide } from './approvals-decide';
import { approvalsList } from './approvals-list';
import { chainAccount } from './chain-account';
import { chainSend, chainTransactions } from './chain-send';
import { chainSubscriptionOffer, chainVendorTotals } from './chain-vendors';
import { networkGet, networkSet } from './network';
import { vendorsList } from './vendors-list';
import { vendorsRejected } from './vendors-rejected';
import { vendorsResume } from './vendors-resume';
import { vendorsRevoke } from './vendors-revoke';
import { vendorsSetBudget } from './vendors-set-budget';
import { walletConfirmPhrase } from './wallet-confirm-phrase';
import { walletCreate } from './wallet-create';
import { walletExportKey } from './wallet-export-key';
import { walletImport } from './wallet-import';
import { walletLock } from './wallet-lock';
import { walletPendingCreation } from './wallet-pending-creation';
import { walletSetAutoLock } from './wallet-set-auto-lock';
import { walletSetPaused } from './wallet-set-paused';
import { walletStatus } from './wallet-status';
import { walletUnlock } from './wallet-unlock';

/** One handler per PopupApi request; the mapped type makes a missing one a compile error. */
export const popupHandlers: { [T in PopupRequestType]: PopupHandler<T> } = {
  'wallet.status': walletStatus,
  'wallet.create': walletCreate,
  'wallet.confirmPhrase': walletConfirmPhrase,
  'wallet.pendingCreation': walletPendingCreation,
  'wallet.import': walletImport,
  'wallet.unlock': walletUnlock,
  'wallet.lock': walletLock,
  'wallet.exportKey': walletExportKey,
  'wallet.setAutoLock': walletSetAutoLock,
  'wallet.setPaused': walletSetPaused,
  'vendors.list': vendorsList,
  'vendors.setBudget': vendorsSetBudget,
  'vendors.revoke': vendorsRevoke,
  'vendors.resume': vendorsResume,
  'vendors.rejected': vendorsRejected,
  'approvals.list': approvalsList,
  'approvals.decide': approvalsDecide,
  'network.get': networkGet,
  'network.set': networkSet,
  'chain.account': chainAccount,
  'chain.send': chainSend,
  'chain.transactions': chainTransactions,
  'chain.vendorTotals': chainVendorTotals,
  'chain.subscriptionOffer': chainSubscriptionOffer,
};
