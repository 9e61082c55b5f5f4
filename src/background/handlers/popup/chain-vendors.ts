import { z } from 'zod';
import { contractStateReader } from '../../../chain/chain-oracle';
import { readRedeemedTotals } from '../../../chain/wallet-chain';
import type { SubscriptionOffer, VendorChainTotals } from '../../../messaging/chain-api';
import { WalletError } from '../../errors';
import type { PopupHandler } from '../../handler';
import { sameDomain } from '../../network/network-store';
import { rpcErrorText } from '../../network/rpc-error';
import { address, empty } from '../schemas';

/** Per approved vendor on the configured network: what it redeemed from this key on chain. */
export const chainVendorTotals: PopupHandler<'chain.vendorTotals'> = {
  input: empty,
  readOnly: true,
  async run(_input, services) {
    const { config, facts } = await services.network.checked();
    const client = services.network.client(config);
    const approvals = (await services.approvals.all()).filter((approval) => sameDomain(config, approval.key));
    try {
      return await Promise.all(
        approvals.map(async (approval): Promise<VendorChainTotals> => {
          const totals = await readRedeemedTotals(client, config.contract, approval.key.client, approval.key.vendor);
          return { vendorKey: approval.vendorKeyId, redeemedAtoms: totals.atoms, redeemedVouchers: totals.vouchers, asset: facts.asset };
        }),
      );
    } catch (error) {
      throw new WalletError('network_unreachable', `reading redemptions failed: ${rpcErrorText(error)}`);
    }
  },
};

/** For the approval window: whether this key is subscribed to the vendor, and what shares its collateral. */
export const chainSubscriptionOffer: PopupHandler<'chain.subscriptionOffer'> = {
  input: z.strictObject({ vendor: address, chainId: z.bigint().min(0n), verifyingContract: address }),
  readOnly: true,
  async run(input, services) {
    const client = await services.vault.address();
    if (!client) throw new WalletError('wallet_uninitialized', 'no wallet yet: create or import one');
    const { config, facts } = await services.network.checked();
    const offer: SubscriptionOffer = { sameNetwork: false, subscribed: false, freeCollateral: 0n, totalSubscriptions: 0n };
    if (!sameDomain(config, input)) return offer;
    try {
      const state = await contractStateReader(services.network.client(config), config.contract)(client, input.vendor);
      return {
        sameNetwork: true,
        subscribed: state.subscribed,
        freeCollateral: state.collateral - state.thawing,
        totalSubscriptions: state.totalSubscriptions,
        asset: facts.asset,
        noticePeriodSeconds: facts.noticePeriodSeconds,
      };
    } catch (error) {
      throw new WalletError('network_unreachable', `reading the subscription failed: ${rpcErrorText(error)}`);
    }
  },
};
