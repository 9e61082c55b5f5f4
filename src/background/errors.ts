/** Codes the worker replies with; the popup and the content bridge switch on them. */
export type WalletErrorCode =
  | 'forbidden_sender'
  | 'bad_input'
  | 'unknown_type'
  | 'weak_password'
  | 'wrong_password'
  | 'invalid_private_key'
  | 'wallet_exists'
  | 'wallet_uninitialized'
  | 'wallet_locked'
  | 'wallet_paused'
  | 'not_found'
  | 'vendor_rejected'
  | 'vendor_not_approved'
  | 'budget_exceeded'
  | 'voucher_too_large'
  | 'bad_requirements'
  | 'approval_closed'
  | 'overcharge_suspected'
  | 'too_many_approvals'
  | 'internal';

export class WalletError extends Error {
  override readonly name = 'WalletError';
  constructor(
    readonly code: WalletErrorCode | (string & {}),
    message: string,
  ) {
    super(message);
  }
}
