export { createPaywall } from './paywall';
export type { PaidHandler, PaidRoute, Payment, Paywall, PaywallObserver, PaywallOptions } from './paywall';
export { requirementsFor } from './terms';
export type { PaywallTerms, Refusal } from './terms';
export { selectPaidRoute } from './paid-routes';
export type { PaidRoutes } from './paid-routes';
export { CORS_ALLOWED_HEADERS, CORS_EXPOSED_HEADERS, applyCors, clientTxRefOf, preflightResponse } from './cors';
export { DEFAULT_HEADER_CACHE_CAPACITY, VoucherHeaderCache } from './header-cache';
export { meteredStream } from './metered-stream';
