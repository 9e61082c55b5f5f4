import type { PopupRequestType } from '../../../messaging/popup-api';
import type { PopupHandler } from '../../handler';
import { approvalsDecide } from './approvals-decide';
import { approvalsList } from './approvals-list';
import { vendorsList } from './vendors-list';
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
  'approvals.list': approvalsList,
  'approvals.decide': approvalsDecide,
};
