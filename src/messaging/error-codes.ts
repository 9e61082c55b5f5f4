/**
 * Every code the service worker answers a request with, closed: the popup has text for each
 * (src/popup/lib/error-messages.ts), so a new code does not compile until it has some. Codes the
 * worker raises itself, and the payer's refusals it passes on to a page (src/payer/errors.ts
 * spells them the same way).
 */
export const WALLET_ERROR_CODES = [
  // The router.
  'forbidden_sender',
  'bad_input',
  'unknown_type',
  'internal',
  // The vault.
  'weak_password',
  'wrong_password',
  'invalid_private_key',
  'wallet_exists',
  'wallet_uninitialized',
  'wallet_locked',
  // A recovery phrase: imported (length, a word off the list, checksum) or confirmed at creation.
  'invalid_phrase_length',
  'invalid_phrase_word',
  'invalid_phrase_checksum',
  'phrase_mismatch',
  'no_pending_wallet',
  // Settings, vendors and approvals.
  'paused',
  'not_found',
  'too_many_approvals',
  'vendor_rejected',
  // A page's question about a 402 the browser did not see this page receive.
  'payment_not_observed',
  // A page's 402 and receipts, with the payer's refusals. `no_wallet`: none created yet (locked is `wallet_locked`).
  'no_wallet',
  'malformed_requirements',
  'vendor_not_allowed',
  'requirements_mismatch',
  'credit_capped',
  'voucher_too_large',
  'budget_exhausted',
  'signer_failed',
  'nonce_jump',
  'nonces_exhausted',
  'vouchers_unused',
  'prices_raised',
  'overcharge_suspected',
  'unknown_asset',
  // After a lost state (protocol §5.1).
  'nonce_conflict',
  'held_voucher_invalid',
  // The chain: network settings and the transactions the wallet sends.
  'network_unreachable',
  'network_chain_mismatch',
  'network_no_contract',
  'network_token_mismatch',
  'chain_rejected',
] as const;

export type WalletErrorCode = (typeof WALLET_ERROR_CODES)[number];

/** Codes a client of the worker (an extension page, the page world's bridge) raises itself when no answer comes. */
export type ClientErrorCode = 'worker_unreachable' | 'no_reply' | 'no_bridge';

/** What an extension page can meet in a MessageError. */
export type ReplyErrorCode = WalletErrorCode | ClientErrorCode;

const WALLET_ERROR_CODE_SET: ReadonlySet<string> = new Set(WALLET_ERROR_CODES);

export function isWalletErrorCode(value: unknown): value is WalletErrorCode {
  return typeof value === 'string' && WALLET_ERROR_CODE_SET.has(value);
}
