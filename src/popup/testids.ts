/**
 * Stable data-testid values for the e2e page objects. Every interactive element a scenario
 * touches carries one of these; change a value here and the e2e suite follows.
 *
 * Onboarding: onboarding-create, onboarding-import, import-secret, password, password-confirm,
 *             password-strength, onboarding-submit, phrase-words, phrase-word, phrase-saved,
 *             phrase-continue, confirm-word (data-position: 0-based), confirm-submit
 * Welcome:    welcome-ready (the full-tab first run, done), welcome-address
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
 *             export-key-open, export-key-password, export-key-submit, private-key-revealed, phrase-revealed, hide-key
 * Approval:   approval-screen, approval-vendor, approval-page, budget-input, voucher-input,
 *             approve, reject, approval-missing
 * Shared:     loading, error-state, retry
 */
export const TID = {
  onboardingCreate: 'onboarding-create',
  onboardingImport: 'onboarding-import',
  importSecret: 'import-secret',
  password: 'password',
  passwordConfirm: 'password-confirm',
  passwordStrength: 'password-strength',
  onboardingSubmit: 'onboarding-submit',
  phraseWords: 'phrase-words',
  phraseWord: 'phrase-word',
  phraseSaved: 'phrase-saved',
  phraseContinue: 'phrase-continue',
  confirmWord: 'confirm-word',
  confirmSubmit: 'confirm-submit',
  welcomeReady: 'welcome-ready',
  welcomeAddress: 'welcome-address',
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
  exportKeyOpen: 'export-key-open',
  exportKeyPassword: 'export-key-password',
  exportKeySubmit: 'export-key-submit',
  privateKeyRevealed: 'private-key-revealed',
  phraseRevealed: 'phrase-revealed',
  hideKey: 'hide-key',

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
