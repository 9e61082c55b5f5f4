/** Names shared by the worker and extension pages, so both open the same stores. */
export const TRANSACTIONS_DB_NAME = 'voucher-wallet-transactions';
export const TRANSACTIONS_CHANNEL_NAME = 'voucher-wallet-transactions';
export const VOUCHER_STATE_DB_NAME = 'voucher-wallet-vouchers';
/** The popup's page inside the package; the worker opens it in windows and tabs. */
export const POPUP_PAGE = 'src/popup/index.html';
/** The popup page in a full tab for a first run (or an unlock) the worker invited the user to. */
export const WELCOME_ROUTE = '#/welcome';
/** The approval window is the popup page at this hash route, followed by the approval id. */
export const APPROVAL_ROUTE_PREFIX = '#/approve/';
