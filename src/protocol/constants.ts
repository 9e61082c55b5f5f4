/**
 * Wire names of protocol v1, with no imports, so the page-world fetch wrapper can use them
 * without pulling in viem.
 */
export const VOUCHER_HEADER = 'x-voucher';
export const VOUCHER_HEADER_VERSION = 'v1';
/** Set on every 402 of this protocol, so a payer can recognise one without reading the body. */
export const REQUIREMENTS_HEADER = 'x-voucher-required';
/** Response header with the receipt of a paid, non-streaming response. */
export const RECEIPT_HEADER = 'x-voucher-receipt';
/**
 * Set on a streaming response the vendor settles (§7.4): its receipt is the stream's last event.
 * A text/event-stream without it was not settled (a free route) and carries no receipt.
 */
export const STREAM_SETTLED_HEADER = 'x-voucher-stream';
/** Name of the final server-sent event that carries a streaming response's receipt. */
export const RECEIPT_EVENT = 'voucher-receipt';
/**
 * The receipt event's field with the vendor's signature of its data (§7.6); a field EventSource
 * and other SSE readers ignore. The header receipt's signature travels in RECEIPT_SIGNATURE_HEADER.
 */
export const RECEIPT_SIGNATURE_FIELD = 'signature';
export const RECEIPT_SIGNATURE_HEADER = 'x-voucher-receipt-signature';
export const RECEIPT_VERSION = 'v1';
/** Correlation id a client may set on a request; a vendor echoes it on the response. */
export const CLIENT_TX_REF_HEADER = 'x-client-tx-ref';
/** Discovery document path. */
export const DISCOVERY_PATH = '/.well-known/voucher-payment';
