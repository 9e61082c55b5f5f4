import { BaseError, erc20Abi, HttpRequestError, keccak256, TimeoutError, type Hash, type LocalAccount } from 'viem';
import { collateralCall } from '../../chain/wallet-chain';
import type { ChainAction, ChainTxAction, NetworkConfig } from '../../messaging/chain-api';
import { WalletError } from '../errors';
import type { Services } from '../services';
import type { ChainTx } from './chain-tx-store';
import { minedNonce, prepareCall, receiptOf, sendRaw } from './rpc-client';
import { rpcErrorText } from './rpc-error';

/** Polls the receipts of pending transactions; set while any is pending, cleared when none is. */
export const RECEIPTS_ALARM = 'chain-receipts';
/** Chrome's shortest alarm period (30 s). */
const RECEIPTS_POLL_MINUTES = 0.5;
/**
 * Right after a send the reply waits a little for the receipt, polling: a chain that mines at once
 * (anvil) settles the transaction, and a deposit's approval sends the deposit, before the popup
 * hears back; on a chain with real blocks the alarm takes over after this.
 */
const SETTLE_POLLS = 10;
const SETTLE_POLL_MS = 200;

/**
 * Signs and sends one of the popup's actions from the unlocked vault's key, and tracks it. A
 * deposit beyond the token allowance sends the token approval first and the deposit once the
 * approval is mined (recorded on the approval, so a killed worker still sends it).
 */
export async function sendChainAction(services: Services, action: ChainAction): Promise<{ hash: Hash }> {
  const { config } = await services.network.checked();
  const account = await services.vault.account();
  let first: ChainTx;
  if (action.kind === 'deposit') {
    const allowance = await readOrRefuse(() =>
      services.network.client(config).readContract({ address: config.token, abi: erc20Abi, functionName: 'allowance', args: [account.address, config.contract] }),
      'network_unreachable',
    );
    first = allowance >= action.atoms ? await signAndSend(services, config, account, action) : await signAndSend(services, config, account, { kind: 'approve', atoms: action.atoms }, action);
  } else {
    first = await signAndSend(services, config, account, action);
  }
  for (let poll = 0; poll < SETTLE_POLLS; poll++) {
    await trackChainTxs(services, 3);
    if ((await services.chainTxs.pending()).length === 0) break;
    await new Promise((resolve) => setTimeout(resolve, SETTLE_POLL_MS));
  }
  return { hash: first.hash };
}

/**
 * The signed transaction is stored (pending, with its raw bytes) before it is broadcast, so a
 * worker killed in between finds it and sends the same bytes again; a refused broadcast marks it
 * failed. One send at a time per key, so nonces are taken in order.
 */
async function signAndSend(services: Services, network: NetworkConfig, account: LocalAccount, action: ChainTxAction, then?: ChainAction): Promise<ChainTx> {
  return services.lock.run(`chain.send:${account.address.toLowerCase()}`, async () => {
    const client = services.network.client(network);
    const call = collateralCall(network, action);
    // Preparing estimates gas, which simulates the call: a call the contract would revert stops here.
    const request = await readOrRefuse(() => prepareCall(client, account.address, call));
    const raw = await account.signTransaction(request);
    const tx: ChainTx = {
      hash: keccak256(raw),
      action,
      chainId: network.chainId,
      status: 'pending',
      createdAt: services.platform.now(),
      from: account.address,
      network,
      raw,
      nonce: request.nonce,
    };
    if (then) tx.then = then;
    await services.chainTxs.add(tx);
    await services.platform.alarms.create(RECEIPTS_ALARM, { periodInMinutes: RECEIPTS_POLL_MINUTES });
    changed(services);
    try {
      await sendRaw(client, raw);
    } catch (error) {
      // No answer (connection lost, timeout): the node may have it. It stays pending; the tracker
      // looks for its receipt and sends the same bytes again until mined or its nonce is taken.
      if (isTransportFailure(error)) return tx;
      const message = rpcErrorText(error);
      await services.chainTxs.settle(tx.hash, { status: 'failed', settledAt: services.platform.now(), error: `not sent: ${message}` });
      changed(services);
      throw new WalletError('chain_rejected', `the node refused the transaction: ${message}`);
    }
    return tx;
  });
}

/**
 * Looks up the receipt of every pending transaction (the alarm, a wake, and right after a send):
 * mined or reverted settles it; a transaction the node does not know is sent again with the same
 * bytes, unless its nonce was taken by another, then it was dropped. An unreachable RPC leaves it
 * pending for the next round. A mined transaction's follow-up is sent then.
 */
export async function trackChainTxs(services: Services, rounds = 1): Promise<void> {
  for (let round = 0; round < rounds; round++) {
    const pending = await services.chainTxs.pending();
    if (pending.length === 0) break;
    let progressed = false;
    for (const tx of pending) if (await trackOne(services, tx)) progressed = true;
    if (!progressed) break;
  }
  if ((await services.chainTxs.pending()).length === 0) await services.platform.alarms.clear(RECEIPTS_ALARM);
}

async function trackOne(services: Services, tx: ChainTx): Promise<boolean> {
  const client = services.network.client(tx.network);
  const now = services.platform.now();
  let receipt;
  try {
    receipt = await receiptOf(client, tx.hash);
    // Its nonce taken: by this transaction, mined since the receipt was asked for, or by another.
    if (!receipt && (await minedNonce(client, tx.from)) > tx.nonce) {
      receipt = await receiptOf(client, tx.hash);
      if (!receipt) {
        await services.chainTxs.settle(tx.hash, { status: 'failed', settledAt: now, error: 'dropped: another transaction took its nonce' });
        changed(services);
        return true;
      }
    }
    if (!receipt) {
      // Unknown to the node (restarted, evicted) or still waiting: the same bytes again are harmless.
      await sendRaw(client, tx.raw).catch(() => undefined);
      return false;
    }
  } catch {
    return false; // the RPC is down: next round
  }
  const { mined } = receipt;
  const settled = await services.chainTxs.settle(tx.hash, {
    status: mined ? 'mined' : 'failed',
    settledAt: now,
    blockNumber: receipt.blockNumber,
    ...(mined ? {} : { error: 'reverted on chain' }),
  });
  if (!settled) return false;
  changed(services);
  if (mined && settled.then) {
    try {
      await signAndSend(services, settled.network, await services.vault.account(), settled.then);
    } catch (error) {
      await services.chainTxs.note(settled.hash, `the ${settled.then.kind} after it was not sent: ${rpcErrorText(error)}`);
      changed(services);
    }
  }
  return true;
}

function isTransportFailure(error: unknown): boolean {
  const transport = (cause: unknown) => (cause instanceof HttpRequestError && cause.status === undefined) || cause instanceof TimeoutError;
  return transport(error) || (error instanceof BaseError && error.walk(transport) !== null);
}

/** A failed read before signing: no answer is `network_unreachable`, an answer refusing it is `code`. */
async function readOrRefuse<T>(read: () => Promise<T>, code: 'chain_rejected' | 'network_unreachable' = 'chain_rejected'): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof WalletError) throw error;
    throw new WalletError(isTransportFailure(error) ? 'network_unreachable' : code, rpcErrorText(error));
  }
}

function changed(services: Services): void {
  services.platform.notify({ channel: 'notice', type: 'chain.changed' });
}

