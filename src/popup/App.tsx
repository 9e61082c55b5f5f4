import { lazy, Suspense, useRef } from 'react';
import { ErrorState, Loading } from './components/StateViews';
import { approvalHash, useHashRoute } from './hooks/useHashRoute';
import { useWalletStatus } from './hooks/useWalletStatus';
import { ApprovalScreen } from './screens/ApprovalScreen';
import { MainScreen } from './screens/MainScreen';
import { Unlock } from './screens/Unlock';
import { Welcome } from './screens/Welcome';

// Onboarding runs once per wallet: not worth loading before the main screen. The approval
// screen (like the details view and the vendors chart) stays in the first chunk.
const Onboarding = lazy(() => import('./screens/Onboarding').then((m) => ({ default: m.Onboarding })));

/**
 * Routes on wallet state first (set up → unlock → use), then on the hash. A window the worker
 * opened for an approval closes itself after the decision; an approval reached from the popup's
 * banner goes back to the main screen instead. The welcome tab (opened on install, or from the
 * "set up / unlock" notification) ends on a "ready" screen rather than the main one.
 */
export function App({ closeWindow = () => window.close() }: { closeWindow?: () => void }) {
  const status = useWalletStatus();
  const [route, navigate] = useHashRoute();
  const openedForApproval = useRef(route.name === 'approval');
  const refresh = () => void status.refresh();

  if (!status.data) {
    if (status.error) return <ErrorState title="The wallet is not answering" message={status.error} onRetry={refresh} />;
    return <Loading label="Opening the wallet…" />;
  }
  if (status.data.state === 'uninitialized') {
    return (
      <Suspense fallback={<Loading label="Opening the wallet…" />}>
        <Onboarding onDone={refresh} />
      </Suspense>
    );
  }
  if (status.data.state === 'locked') {
    const reason =
      route.name === 'approval'
        ? 'Unlock the wallet to answer this payment request.'
        : route.name === 'welcome'
          ? 'A page asked to pay. Unlock the wallet, then try again on the page.'
          : undefined;
    return <Unlock onDone={refresh} reason={reason} />;
  }
  if (route.name === 'welcome') return <Welcome status={status.data} onOpenWallet={() => navigate('')} />;
  if (route.name === 'approval') {
    const leave = () => {
      if (openedForApproval.current) closeWindow();
      else navigate('');
      refresh();
    };
    return <ApprovalScreen key={route.id} id={route.id} onDone={leave} />;
  }
  return <MainScreen status={status.data} onStatusChanged={refresh} onReview={(id) => navigate(approvalHash(id))} />;
}
