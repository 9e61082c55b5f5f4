import type { Address } from 'viem';
import { VoucherIssuer, type VoucherSigner } from '../../payer/voucher-issuer';
import { WalletError } from '../errors';
import type { Services } from '../services';
import { pagePolicy } from './page-policy';

/**
 * An issuer bound to one asking page. Built per request: it is only a view over the stores, and
 * binding the origin into its policy keeps one page's approval from serving another.
 * The signer fetches the account at signing time, so a wallet locked meanwhile cannot sign.
 * Signing is no user activity: a page that keeps paying must not keep the wallet unlocked.
 */
export async function issuerForPage(
  services: Services,
  pageOrigin: string,
  vendorOrigin: string,
  /** The wallet address when the caller already read it. */
  knownAddress?: Address,
): Promise<VoucherIssuer> {
  const address = knownAddress ?? (await services.vault.address());
  if (!address) throw new WalletError('wallet_uninitialized', 'no wallet yet');
  const signer: VoucherSigner = {
    address,
    signTypedData: async (parameters) => {
      const account = await services.vault.account();
      return account.signTypedData(parameters);
    },
  };
  return new VoucherIssuer({
    state: services.voucherState,
    signer,
    policy: pagePolicy(services, pageOrigin, vendorOrigin),
    lock: services.lock,
    waiters: services.receiptWaiters,
    assets: services.assets,
    now: () => services.platform.now(),
  });
}
