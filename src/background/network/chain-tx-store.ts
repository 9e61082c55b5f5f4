import type { Address, Hash, Hex } from 'viem';
import { fromWire, toWire } from '../../lib/bigint-wire';
import { InProcessKeyedLock } from '../../lib/keyed-lock';
import type { ChainAction, ChainTxAction, ChainTxView, NetworkConfig } from '../../messaging/chain-api';
import type { StorageArea } from '../platform';

export const CHAIN_TXS_KEY = 'chain.transactions';
/** The newest transactions kept; older settled ones are dropped (the chain keeps them anyway). */
export const MAX_KEPT_TXS = 50;

/** A transaction the worker signed: everything needed to send it again or to look it up after a kill. */
export interface ChainTx extends ChainTxView {
  from: Address;
  /** The network it was sent on, so it is tracked there even after the settings change. */
  network: NetworkConfig;
  /** The signed bytes, recorded before the first broadcast. */
  raw: Hex;
  nonce: number;
  /** Sent once this one is mined (a deposit after its token approval). */
  then?: ChainAction;
}

/** The worker's transactions in storage.local, newest first; one writer at a time within a worker. */
export class ChainTxStore {
  private readonly lock = new InProcessKeyedLock();

  constructor(private readonly local: StorageArea) {}

  async list(): Promise<ChainTx[]> {
    const value = (await this.local.get(CHAIN_TXS_KEY))[CHAIN_TXS_KEY];
    return value === undefined ? [] : (fromWire(value) as ChainTx[]);
  }

  async pending(): Promise<ChainTx[]> {
    return (await this.list()).filter((tx) => tx.status === 'pending');
  }

  async add(tx: ChainTx): Promise<void> {
    await this.change((all) => {
      const rest = all.filter((other) => other.hash !== tx.hash);
      const kept = [tx, ...rest];
      // Never drop a pending one: it is still being tracked.
      while (kept.length > MAX_KEPT_TXS) {
        const index = lastSettled(kept);
        if (index < 0) break;
        kept.splice(index, 1);
      }
      return kept;
    });
  }

  /** Applies `patch` to the transaction `hash` if it is still pending; returns the updated one. */
  async settle(hash: Hash, patch: Pick<ChainTx, 'status'> & Partial<ChainTx>): Promise<ChainTx | undefined> {
    let updated: ChainTx | undefined;
    await this.change((all) =>
      all.map((tx) => {
        if (tx.hash !== hash || tx.status !== 'pending') return tx;
        updated = { ...tx, ...patch };
        return updated;
      }),
    );
    return updated;
  }

  /** Notes why a mined transaction's follow-up was not sent. */
  async note(hash: Hash, error: string): Promise<void> {
    await this.change((all) => all.map((tx) => (tx.hash === hash ? { ...tx, error } : tx)));
  }

  private async change(apply: (all: ChainTx[]) => ChainTx[]): Promise<void> {
    await this.lock.run(CHAIN_TXS_KEY, async () => {
      const next = apply(await this.list());
      await this.local.set({ [CHAIN_TXS_KEY]: toWire(next) });
    });
  }
}

function lastSettled(txs: ChainTx[]): number {
  for (let i = txs.length - 1; i >= 0; i--) if (txs[i]!.status !== 'pending') return i;
  return -1;
}

/** What the popup sees: no raw bytes. */
export function txView(tx: ChainTx): ChainTxView {
  const view: ChainTxView = { hash: tx.hash, action: tx.action as ChainTxAction, chainId: tx.chainId, status: tx.status, createdAt: tx.createdAt };
  if (tx.settledAt !== undefined) view.settledAt = tx.settledAt;
  if (tx.blockNumber !== undefined) view.blockNumber = tx.blockNumber;
  if (tx.error !== undefined) view.error = tx.error;
  return view;
}
