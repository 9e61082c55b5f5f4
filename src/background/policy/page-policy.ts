import type { PaymentPolicy } from '../../payer/policy';
import { vendorKeyId } from '../../payer/vendor-key';
import type { Services } from '../services';

/**
 * The user's say over a new signature for one page: not paused → unlocked → vendor approved for
 * this page origin at this vendor origin. Budget and voucher size are checked after, atomically,
 * by the voucher state store when the issuer reserves the nonce.
 */
export function pagePolicy(services: Services, pageOrigin: string, vendorOrigin: string): PaymentPolicy {
  return {
    async authorize(request) {
      if ((await services.settings.get()).paused) {
        return { allow: false, code: 'paused', message: 'payments are paused' };
      }
      if ((await services.vault.state()) !== 'unlocked') {
        return { allow: false, code: 'wallet_locked', message: 'the wallet is locked' };
      }
      const decision = await services.approvals.decision(vendorKeyId(request.key), vendorOrigin, pageOrigin);
      if (decision !== 'approved') {
        return { allow: false, code: 'vendor_not_allowed', message: `this vendor is not approved for ${pageOrigin}` };
      }
      const state = await services.voucherState.get(request.key);
      // An approval always seeds the vendor's limits; without them nothing may be signed.
      if (!state) return { allow: false, code: 'vendor_not_allowed', message: 'the vendor has no budget' };
      return { allow: true, limits: { limitAtoms: state.budget.limitAtoms, maxVoucherAtoms: state.maxVoucherAtoms } };
    },
  };
}
