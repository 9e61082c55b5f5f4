import { createSharedKeyedLock, type KeyedLock } from '../lib/keyed-lock';
import { TRANSACTIONS_CHANNEL_NAME, TRANSACTIONS_DB_NAME, VOUCHER_STATE_DB_NAME } from '../messaging/names';
import type { AssetRegistry } from '../payer/asset-registry';
import { ReceiptWaiters } from '../payer/receipt-waiters';
import { IndexedDbVoucherStateStore } from '../payer/voucher-state/indexeddb';
import type { VoucherStateStore } from '../payer/voucher-state/types';
import { createTransactionStore } from '../storage/factories/createTransactionStore';
import type { TransactionStore } from '../storage/interfaces/TransactionStore';
import { walletAssets } from './assets/wallet-assets';
import { DecisionWaiters } from './approvals/decision-waiters';
import { PendingApprovals } from './approvals/pending-approvals';
import { VendorApprovals } from './approvals/vendor-approvals';
import { refreshHeaderRules } from './header-refresh';
import { Challenges } from './interception/challenges';
import { InterceptionState } from './interception/interception-state';
import { OpenStreams } from './interception/open-streams';
import { TabPages } from './interception/tab-pages';
import { ChainTxStore } from './network/chain-tx-store';
import { NetworkStore } from './network/network-store';
import { workerChainClient } from './network/rpc-client';
import type { Platform } from './platform';
import { SettingsStore } from './settings';
import { AutoLock } from './vault/auto-lock';
import { PBKDF2_ITERATIONS, Vault } from './vault/vault';

/**
 * Everything a handler may use. None of it holds authoritative state in memory: each object
 * reads storage.local / storage.session / IndexedDB, so a new worker builds a fresh set and
 * carries on where the killed one stopped.
 */
export interface Services {
  platform: Platform;
  vault: Vault;
  settings: SettingsStore;
  autoLock: AutoLock;
  approvals: VendorApprovals;
  pending: PendingApprovals;
  /** Wakes a page's question held open while the user decides (memory only). */
  decisions: DecisionWaiters;
  /** Which page origins are in which tab (storage.session). */
  tabPages: TabPages;
  /** The protocol 402s the browser saw pages receive (storage.session). */
  challenges: Challenges;
  /** Event streams of approved vendors waiting for their in-band receipt (storage.session). */
  openStreams: OpenStreams;
  /** The observer's and rule builder's memory for this worker life; nothing authoritative. */
  interception: InterceptionState;
  /**
   * 402s waiting out a Retry-After (§7.1), one set per worker life: every issuer built for a page
   * shares it, so a receipt the observer counts wakes a question another issuer holds.
   */
  receiptWaiters: ReceiptWaiters;
  voucherState: VoucherStateStore;
  transactions: TransactionStore;
  /** The wallet's own assets: symbol, decimals and proposed limits by collateral domain, never the vendor's. */
  assets: AssetRegistry;
  /** Serialises voucher issuing per vendor and chain sends per key (navigator.locks in the browser). */
  lock: KeyedLock;
  /** The chain the wallet reads and sends on. */
  network: NetworkStore;
  /** Transactions the worker signed, tracked until mined. */
  chainTxs: ChainTxStore;
}

export interface ServiceOverrides {
  voucherState?: VoucherStateStore;
  transactions?: TransactionStore;
  iterations?: number;
  lock?: KeyedLock;
  /** How long a page's question waits for the browser's report of its 402 (tests: short). */
  challengeWaitMs?: number;
  assets?: AssetRegistry;
}

export function createServices(platform: Platform, overrides: ServiceOverrides = {}): Services {
  const vault = new Vault(platform.local, platform.session, overrides.iterations ?? PBKDF2_ITERATIONS);
  const settings = new SettingsStore(platform.local);
  const network = new NetworkStore(platform.local, workerChainClient, () => platform.now());
  const services: Services = {
    platform,
    vault,
    settings,
    autoLock: new AutoLock(platform, vault, settings, () => refreshHeaderRules(services)),
    approvals: new VendorApprovals(platform.local),
    pending: new PendingApprovals(platform.session),
    decisions: new DecisionWaiters(),
    tabPages: new TabPages(platform.session),
    challenges: new Challenges(platform.session, () => platform.now(), overrides.challengeWaitMs),
    openStreams: new OpenStreams(platform.session),
    interception: new InterceptionState(),
    receiptWaiters: new ReceiptWaiters(),
    voucherState: overrides.voucherState ?? new IndexedDbVoucherStateStore(VOUCHER_STATE_DB_NAME),
    transactions:
      overrides.transactions ??
      createTransactionStore({ persist: 'indexeddb', dbName: TRANSACTIONS_DB_NAME, channelName: TRANSACTIONS_CHANNEL_NAME }),
    assets: overrides.assets ?? walletAssets(network),
    lock: overrides.lock ?? createSharedKeyedLock(),
    network,
    chainTxs: new ChainTxStore(platform.local),
  };
  return services;
}
