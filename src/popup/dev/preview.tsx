/**
 * Screenshot harness entry (never shipped): renders the real popup App against a stub worker
 * and a seeded memory store, chosen by ?scenario=… . Built and driven by dev/screenshots.ts.
 */
import { createRoot } from 'react-dom/client';
import { MemoryTransactionStore } from '../../storage';
import { App } from '../App';
import { TransactionStoreContext } from '../hooks/transaction-store-context';
import { MessageError } from '../../messaging/reply';
import { pendingApproval, transactionRecords, vendorSummary, walletStatus, VENDOR_B } from '../test/fixtures';
import { installStubChrome, type StubHandlers } from './stub-chrome';
import '../styles.css';

const scenario = new URLSearchParams(location.search).get('scenario') ?? 'activity';
const now = Date.now();
const state = walletStatus({
  state: scenario.startsWith('onboarding') ? 'uninitialized' : scenario.startsWith('unlock') ? 'locked' : 'unlocked',
  paused: scenario === 'paused',
  pendingApprovals: scenario === 'paused' ? 2 : 0,
});
const vendors =
  scenario === 'vendors-empty'
    ? []
    : [
        vendorSummary({ overchargeSuspected: scenario === 'vendors' }),
        vendorSummary({
          vendorKey: 'vendor-b',
          vendor: VENDOR_B,
          vendorOrigin: 'https://api.search.example',
          spentAtoms: 4_710_000n,
          vouchersSigned: 3,
          lastNonce: 2n,
          spending: [],
          approvedOrigins: ['https://app.example'],
        }),
      ];

const handlers: StubHandlers = {
  'wallet.status': () => state,
  'wallet.unlock': ({ password }) => {
    if (password !== 'correct horse') throw new MessageError('wrong_password', 'Wrong password. 4 attempts left before a 1 minute wait.');
    return { address: state.address! };
  },
  'vendors.list': () => vendors,
  'approvals.list': () => [pendingApproval()],
  'wallet.exportKey': () => ({ privateKey: '0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318' }),
};
if (scenario === 'approval') location.hash = '#/approve/appr-1';
installStubChrome(handlers);

const store = new MemoryTransactionStore({ maxRecords: 100_000 });
const count = scenario === 'activity-empty' ? 0 : 1_234;
await store.createMany(transactionRecords(count, now));

createRoot(document.getElementById('root')!).render(
  <TransactionStoreContext value={store}>
    <App closeWindow={() => document.body.setAttribute('data-closed', 'true')} />
  </TransactionStoreContext>,
);
