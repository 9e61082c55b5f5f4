/**
 * Stable data-testid values for the e2e page objects. Every interactive element a scenario
 * touches carries one of these; change a value here and the e2e suite follows.
 *
 * Onboarding: onboarding-create, onboarding-import, private-key, password, password-confirm,
 *             password-strength, onboarding-submit
 * Unlock:     password, unlock, form-error (the worker's error message)
 * Main:       tab-activity, tab-vendors, tab-account, paused-banner, approvals-notice, approvals-review
 * Activity:   filter-status, filter-vendor, filter-protocol, filter-time, filter-since, filter-until,
 *             filter-clear, tx-list, tx-row, tx-status, tx-cost, tx-empty, page-prev, page-next,
 *             page-info, export-csv, export-json, export-progress, export-cancel, tx-details,
 *             tx-details-close
 * Vendors:    vendor-card, vendor-budget-bar, vendor-edit, budget-input, voucher-input,
 *             vendor-save, vendor-revoke, vendor-revoke-confirm, vendor-revoke-cancel,
 *             vendor-overcharge, vendors-empty
 * Account:    account-address, copy-address, lock-now, auto-lock, pause-switch,
 *             export-key-password, export-key-submit, private-key-revealed, hide-key
 * Funds:      tab-funds, funds-token-balance, funds-collateral, funds-thawing, funds-thaw-left,
 *             deposit-input, deposit-submit, withdraw-request-input, withdraw-request-submit,
 *             withdraw-submit, withdraw-cancel, subscription-row, unsubscribe, subscriptions-empty,
 *             chain-tx-row (data-status, data-kind), chain-tx-hash, funds-error, funds-refresh
 * Network:    network-card, network-rpc, network-chain-id, network-contract, network-token,
 *             network-asset, network-edit, network-save, network-cancel
 * Vendors:    vendor-redeemed, vendor-signed, vendor-charged
 * Approval:   subscribe-offer, subscribe-offer-submit, subscribe-offer-status
 * Approval:   approval-screen, approval-vendor, approval-page, budget-input, voucher-input,
 *             approve, reject, approval-missing
 * Shared:     loading, error-state, retry
 */
export const TID = {
  onboardingCreate: 'onboarding-create',
  onboardingImport: 'onboarding-import',
  privateKey: 'private-key',
  password: 'password',
  passwordConfirm: 'password-confirm',
  passwordStrength: 'password-strength',
  onboardingSubmit: 'onboarding-submit',
  unlock: 'unlock',
  formError: 'form-error',

  tabActivity: 'tab-activity',
  tabVendors: 'tab-vendors',
  tabAccount: 'tab-account',
  pausedBanner: 'paused-banner',
  approvalsNotice: 'approvals-notice',
  approvalsReview: 'approvals-review',

  filterStatus: 'filter-status',
  filterVendor: 'filter-vendor',
  filterProtocol: 'filter-protocol',
  filterTime: 'filter-time',
  filterSince: 'filter-since',
  filterUntil: 'filter-until',
  filterClear: 'filter-clear',
  txList: 'tx-list',
  txRow: 'tx-row',
  txStatus: 'tx-status',
  txCost: 'tx-cost',
  txEmpty: 'tx-empty',
  pagePrev: 'page-prev',
  pageNext: 'page-next',
  pageInfo: 'page-info',
  exportCsv: 'export-csv',
  exportJson: 'export-json',
  exportProgress: 'export-progress',
  exportCancel: 'export-cancel',
  txDetails: 'tx-details',
  txDetailsClose: 'tx-details-close',

  vendorCard: 'vendor-card',
  vendorBudgetBar: 'vendor-budget-bar',
  vendorEdit: 'vendor-edit',
  budgetInput: 'budget-input',
  voucherInput: 'voucher-input',
  vendorSave: 'vendor-save',
  vendorRevoke: 'vendor-revoke',
  vendorRevokeConfirm: 'vendor-revoke-confirm',
  vendorRevokeCancel: 'vendor-revoke-cancel',
  vendorOvercharge: 'vendor-overcharge',
  vendorsEmpty: 'vendors-empty',

  accountAddress: 'account-address',
  copyAddress: 'copy-address',
  lockNow: 'lock-now',
  autoLock: 'auto-lock',
  pauseSwitch: 'pause-switch',
  exportKeyPassword: 'export-key-password',
  exportKeySubmit: 'export-key-submit',
  privateKeyRevealed: 'private-key-revealed',
  hideKey: 'hide-key',

  tabFunds: 'tab-funds',
  fundsTokenBalance: 'funds-token-balance',
  fundsCollateral: 'funds-collateral',
  fundsThawing: 'funds-thawing',
  fundsThawLeft: 'funds-thaw-left',
  depositInput: 'deposit-input',
  depositSubmit: 'deposit-submit',
  withdrawRequestInput: 'withdraw-request-input',
  withdrawRequestSubmit: 'withdraw-request-submit',
  withdrawSubmit: 'withdraw-submit',
  withdrawCancel: 'withdraw-cancel',
  subscriptionRow: 'subscription-row',
  unsubscribe: 'unsubscribe',
  subscriptionsEmpty: 'subscriptions-empty',
  chainTxRow: 'chain-tx-row',
  chainTxHash: 'chain-tx-hash',
  fundsError: 'funds-error',
  fundsRefresh: 'funds-refresh',

  networkCard: 'network-card',
  networkRpc: 'network-rpc',
  networkChainId: 'network-chain-id',
  networkContract: 'network-contract',
  networkToken: 'network-token',
  networkAsset: 'network-asset',
  networkEdit: 'network-edit',
  networkSave: 'network-save',
  networkCancel: 'network-cancel',

  vendorRedeemed: 'vendor-redeemed',
  vendorSigned: 'vendor-signed',
  vendorCharged: 'vendor-charged',

  subscribeOffer: 'subscribe-offer',
  subscribeOfferSubmit: 'subscribe-offer-submit',
  subscribeOfferStatus: 'subscribe-offer-status',

  approvalScreen: 'approval-screen',
  approvalVendor: 'approval-vendor',
  approvalPage: 'approval-page',
  approve: 'approve',
  reject: 'reject',
  approvalMissing: 'approval-missing',

  loading: 'loading',
  errorState: 'error-state',
  retry: 'retry',
} as const;
