import type { ReplyErrorCode } from '../../messaging/error-codes';
import { MessageError } from '../../messaging/reply';
import { MIN_PASSWORD_LENGTH } from './password';

/** What a person reads for each code the worker (or the way to it) can fail with. */
export const ERROR_MESSAGES: Record<ReplyErrorCode, string> = {
  forbidden_sender: 'This page may not talk to the wallet.',
  bad_input: 'The wallet did not accept that input.',
  unknown_type: 'The wallet does not know this request; reload the extension.',
  internal: 'The wallet failed; its service worker console says why.',
  weak_password: `The password needs at least ${MIN_PASSWORD_LENGTH} characters.`,
  wrong_password: 'The password is wrong.',
  invalid_private_key: 'That is not a private key: 64 hexadecimal digits, optionally after 0x.',
  wallet_exists: 'A wallet already exists in this browser.',
  wallet_uninitialized: 'There is no wallet yet: create or import one.',
  wallet_locked: 'The wallet is locked.',
  invalid_phrase_length: 'A recovery phrase is 12, 15, 18, 21 or 24 words.',
  invalid_phrase_word: 'A word of that phrase is not in the BIP-39 English word list.',
  invalid_phrase_checksum: 'That phrase does not add up: a word is mistyped or out of order.',
  phrase_mismatch: 'Those are not the words of your phrase at those positions.',
  no_pending_wallet: 'That new wallet is gone (the browser restarted?): create one again.',
  no_wallet: 'There is no wallet yet: create or import one to pay.',
  paused: 'Payments are paused.',
  not_found: 'That vendor or approval no longer exists.',
  too_many_approvals: 'This page already has approvals waiting for you.',
  vendor_rejected: 'You declined this vendor for this page.',
  payment_not_observed: 'The browser saw no payment request from this vendor for this page.',
  malformed_requirements: "The vendor's payment request could not be read.",
  vendor_not_allowed: 'This vendor is not approved for this page.',
  requirements_mismatch: "The vendor's payment request or receipt names another vendor than the one approved.",
  credit_capped: "The vendor caps credit below this route's cost; a new voucher would not help.",
  voucher_too_large: "This route costs more than the vendor's per-voucher cap.",
  budget_exhausted: "This vendor's budget is used up.",
  signer_failed: 'The wallet could not sign the voucher; its service worker console says why.',
  nonce_jump: 'The vendor asked for a voucher number far ahead of the ones this wallet signed; nothing was signed.',
  nonces_exhausted: 'This vendor can take no more vouchers from this wallet (voucher numbers are used up).',
  vouchers_unused:
    "The vendor's receipts do not show the vouchers already signed to it in use, so the wallet signs no more: it keeps asking for payment without serving.",
  prices_raised: 'The vendor raised its prices above the ones you approved: nothing more is signed until you approve the new prices.',
  overcharge_suspected: 'The vendor charged more than its prices allow: nothing more is signed until you resume it under Vendors.',
  unknown_asset:
    'The vendor wants vouchers on a chain and collateral contract this wallet does not know, so it cannot value or pay them; nothing was signed.',
  nonce_conflict:
    'The vendor holds other vouchers from this wallet under the same numbers and did not show them, so the wallet cannot continue without reusing one; nothing was signed.',
  held_voucher_invalid:
    'The vendor showed vouchers as this wallet\'s that this wallet did not sign; none were taken and nothing was signed.',
  network_unreachable: "The chain's RPC URL does not answer; check the network settings.",
  network_chain_mismatch: 'The RPC URL serves another chain than the chain id entered.',
  network_no_contract: 'No collateral contract answers at that address on this chain.',
  network_token_mismatch: "The collateral contract holds another token than the one entered.",
  chain_rejected: 'The chain would revert this transaction (or refused it), so nothing was sent.',
  worker_unreachable: 'The wallet is not running; close and reopen the popup.',
  no_reply: 'The wallet did not answer.',
  no_bridge: 'The page could not reach the wallet.',
};

/** Codes whose worker message adds what the person needs to fix it (which word of a phrase). */
const WITH_DETAIL: ReadonlySet<ReplyErrorCode> = new Set(['invalid_phrase_word']);

/** The message to show a person for anything thrown: the text for a worker's code, else the error's own. */
export function errorText(error: unknown): string {
  if (error instanceof MessageError) {
    const text = ERROR_MESSAGES[error.code];
    return WITH_DETAIL.has(error.code) && error.message ? `${text} (${error.message})` : text;
  }
  if (error instanceof Error && error.message) return error.message;
  return typeof error === 'string' && error ? error : 'Something went wrong.';
}
