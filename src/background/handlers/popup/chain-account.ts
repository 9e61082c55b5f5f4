import type { Address } from 'viem';
import { readClientAccount, readSubscriptions } from '../../../chain/wallet-chain';
import type { ChainAccountView, SubscriptionView } from '../../../messaging/chain-api';
import { WalletError } from '../../errors';
import type { PopupHandler } from '../../handler';
import { sameDomain } from '../../network/network-store';
import { rpcErrorText } from '../../network/rpc-error';
import { empty } from '../schemas';

/** The account's funds and subscriptions on the configured network, read now (the wallet may be locked: reads need no key). */
export const chainAccount: PopupHandler<'chain.account'> = {
  input: empty,
  readOnly: true,
  async run(_input, services) {
    const address = await services.vault.address();
    if (!address) throw new WalletError('wallet_uninitialized', 'no wallet yet: create or import one');
    const { config, facts } = await services.network.checked();
    const client = services.network.client(config);
    // Vendors approved on this network are looked up even when the node keeps no logs for them.
    const origins = new Map<Address, string>();
    for (const approval of await services.approvals.all()) {
      if (sameDomain(config, approval.key)) origins.set(approval.key.vendor, approval.vendorOrigin);
    }
    try {
      const account = await readClientAccount(client, config, address);
      const subscriptions = await readSubscriptions(client, config.contract, address, [...origins.keys()], account.chainTime);
      const view: ChainAccountView = {
        network: config,
        facts,
        address,
        chainTime: account.chainTime,
        gasBalanceWei: account.gasBalance,
        tokenBalance: account.tokenBalance,
        collateral: account.collateral,
        thawing: account.thawing,
        thawEnd: account.thawEnd,
        totalSubscriptions: account.totalSubscriptions,
        subscriptions: subscriptions.map((subscription) => {
          const entry: SubscriptionView = { vendor: subscription.vendor, endsAt: subscription.endsAt };
          const origin = origins.get(subscription.vendor);
          if (origin) entry.vendorOrigin = origin;
          return entry;
        }),
      };
      return view;
    } catch (error) {
      throw new WalletError('network_unreachable', `reading the account failed: ${rpcErrorText(error)}`);
    }
  },
};
