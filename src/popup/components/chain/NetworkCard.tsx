import { useState, type FormEvent } from 'react';
import type { NetworkConfig, NetworkView } from '../../../messaging/chain-api';
import { sendToWorker } from '../../../messaging/popup-client';
import { useWorkerQuery } from '../../hooks/useWorkerQuery';
import { errorText } from '../../lib/error-messages';
import { formatSecondsLeft } from '../../lib/format';
import { TID } from '../../testids';
import { FormError, Loading } from '../StateViews';

/** The chain the wallet uses: shown, and edited in place; the worker checks it against the chain before saving. */
export function NetworkCard() {
  const network = useWorkerQuery('network.get', ['chain.changed']);
  const [editing, setEditing] = useState(false);
  return (
    <div className="card" data-testid={TID.networkCard}>
      <div className="card-head">
        <h3 className="card-title">Network</h3>
        {network.data && !editing && (
          <button type="button" className="btn btn-secondary btn-small" onClick={() => setEditing(true)} data-testid={TID.networkEdit}>
            Edit
          </button>
        )}
      </div>
      {!network.data ? (
        network.error ? <FormError message={network.error} /> : <Loading label="Loading the network…" />
      ) : editing ? (
        <NetworkForm view={network.data} onDone={() => setEditing(false)} />
      ) : (
        <NetworkFacts view={network.data} />
      )}
    </div>
  );
}

function NetworkFacts({ view }: { view: NetworkView }) {
  const { config, facts } = view;
  return (
    <>
      <dl className="network-facts small">
        <dt>RPC</dt>
        <dd className="mono" data-testid={TID.networkRpc}>{config.rpcUrl}</dd>
        <dt>Chain id</dt>
        <dd className="mono" data-testid={TID.networkChainId}>{config.chainId}</dd>
        <dt>Contract</dt>
        <dd className="mono" data-testid={TID.networkContract}>{config.contract}</dd>
        <dt>Token</dt>
        <dd className="mono" data-testid={TID.networkToken}>{config.token}</dd>
        <dt>Asset</dt>
        <dd data-testid={TID.networkAsset}>
          {facts ? `${facts.asset.symbol}, ${facts.asset.decimals} decimals (read from the token)` : 'not read yet'}
        </dd>
        {facts && (
          <>
            <dt>Periods</dt>
            <dd>
              thaw {formatSecondsLeft(facts.thawPeriodSeconds)}, notice {formatSecondsLeft(facts.noticePeriodSeconds)}
            </dd>
          </>
        )}
      </dl>
      {view.isDefault && <p className="muted small">The default: the local development chain (anvil).</p>}
    </>
  );
}

function NetworkForm({ view, onDone }: { view: NetworkView; onDone: () => void }) {
  const [rpcUrl, setRpcUrl] = useState(view.config.rpcUrl);
  const [chainId, setChainId] = useState(String(view.config.chainId));
  const [contract, setContract] = useState<string>(view.config.contract);
  const [token, setToken] = useState<string>(view.config.token);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function save(event: FormEvent) {
    event.preventDefault();
    const id = Number(chainId.trim());
    if (!/^[0-9]+$/.test(chainId.trim()) || !Number.isSafeInteger(id) || id < 1) {
      setError('The chain id is a whole number, like 31337.');
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      await sendToWorker('network.set', { rpcUrl: rpcUrl.trim(), chainId: id, contract: contract.trim(), token: token.trim() } as NetworkConfig);
      onDone();
    } catch (failure) {
      setError(errorText(failure));
    } finally {
      setBusy(false);
    }
  }

  const field = (label: string, value: string, set: (text: string) => void, testId: string) => (
    <div className="field">
      <label>
        {label}
        <input className="mono" value={value} onChange={(event) => set(event.target.value)} spellCheck={false} autoComplete="off" data-testid={testId} />
      </label>
    </div>
  );
  return (
    <form className="form" onSubmit={save} noValidate>
      {field('RPC URL', rpcUrl, setRpcUrl, TID.networkRpc)}
      {field('Chain id', chainId, setChainId, TID.networkChainId)}
      {field('Collateral contract', contract, setContract, TID.networkContract)}
      {field('Token', token, setToken, TID.networkToken)}
      <p className="muted small">The token's symbol and decimals are read from the token contract when you save.</p>
      <FormError message={error} />
      <div className="actions actions-split">
        <button type="button" className="btn btn-secondary" onClick={onDone} disabled={busy} data-testid={TID.networkCancel}>
          Cancel
        </button>
        <button type="submit" className="btn btn-primary" disabled={busy} data-testid={TID.networkSave}>
          {busy ? 'Checking…' : 'Save'}
        </button>
      </div>
    </form>
  );
}
