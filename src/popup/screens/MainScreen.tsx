import { useState } from 'react';
import type { WalletStatus } from '../../messaging/popup-api';
import { sendToWorker } from '../../messaging/popup-client';
import { Banners } from '../components/Banners';
import { Brand } from '../components/Brand';
import { FormError } from '../components/StateViews';
import { Tabs, type TabSpec } from '../components/Tabs';
import { useWorkerQuery } from '../hooks/useWorkerQuery';
import { errorText } from '../lib/error-messages';
import { shortAddress } from '../lib/format';
import { TID } from '../testids';
import { AccountScreen } from './AccountScreen';
import { FundsScreen } from './FundsScreen';
import { ActivityScreen } from './ActivityScreen';
import { VendorsScreen } from './VendorsScreen';

type Tab = 'activity' | 'vendors' | 'funds' | 'account';

interface Props {
  status: WalletStatus;
  onStatusChanged: () => void;
  /** Opens the approval route for one pending approval. */
  onReview: (approvalId: string) => void;
}

export function MainScreen({ status, onStatusChanged, onReview }: Props) {
  const [tab, setTab] = useState<Tab>('activity');
  const [error, setError] = useState<string>();
  const vendors = useWorkerQuery('vendors.list', ['vendors.changed', 'approvals.changed']);
  const tabs: TabSpec<Tab>[] = [
    { id: 'activity', label: 'Activity', testId: TID.tabActivity },
    { id: 'vendors', label: 'Vendors', testId: TID.tabVendors },
    { id: 'funds', label: 'Funds', testId: TID.tabFunds },
    { id: 'account', label: 'Account', testId: TID.tabAccount },
  ];

  async function run(action: () => Promise<void>) {
    setError(undefined);
    try {
      await action();
    } catch (failure) {
      setError(errorText(failure));
    }
  }

  const review = () =>
    run(async () => {
      const pending = await sendToWorker('approvals.list', {});
      const oldest = [...pending].sort((a, b) => a.createdAt - b.createdAt)[0];
      if (oldest) onReview(oldest.id);
      else onStatusChanged();
    });
  const resume = () =>
    run(async () => {
      await sendToWorker('wallet.setPaused', { paused: false });
      onStatusChanged();
    });

  return (
    <div className="screen screen-main">
      <header className="app-header">
        <Brand size={24} />
        <h1>Voucher Wallet</h1>
        {status.address && (
          <span className="header-address mono" title={status.address}>
            {shortAddress(status.address)}
          </span>
        )}
      </header>
      <Tabs tabs={tabs} current={tab} onSelect={setTab} />
      <Banners status={status} onResume={resume} onReview={review} />
      {error && (
        <div className="banner-error">
          <FormError message={error} />
        </div>
      )}
      <div className="tabpanel" role="tabpanel" id={`tabpanel-${tab}`} aria-labelledby={`tab-${tab}`}>
        {tab === 'activity' && <ActivityScreen vendors={vendors.data ?? []} />}
        {tab === 'vendors' && <VendorsScreen vendors={vendors} />}
        {tab === 'funds' && <FundsScreen />}
        {tab === 'account' && <AccountScreen status={status} onChanged={onStatusChanged} />}
      </div>
    </div>
  );
}
