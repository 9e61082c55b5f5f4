import type { ReactNode } from 'react';
import type { Asset } from '../../protocol';
import type { TransactionRecord } from '../../storage/interfaces/TransactionStore';
import { formatAmount, formatBytes, formatDateTime, formatDuration, formatMicroUsd } from '../lib/format';
import { TID } from '../testids';
import { Dialog } from './Dialog';
import { StatusPill } from './StatusPill';

interface Props {
  record: TransactionRecord;
  asset: Asset | undefined;
  vendorOrigin: string | undefined;
  onClose: () => void;
}

function Row({ label, children, mono }: { label: string; children: ReactNode; mono?: boolean }) {
  if (children === undefined || children === null || children === '') return null;
  return (
    <>
      <dt>{label}</dt>
      <dd className={mono ? 'mono' : undefined}>{children}</dd>
    </>
  );
}

/** Everything the store holds about one request; the row shows only the gist. */
export function TxDetails({ record, asset, vendorOrigin, onClose }: Props) {
  const payment = record.payment;
  const overcharge = record.meta?.overcharge === true;
  const headers = Object.entries(record.headersSummary ?? {});
  return (
    <Dialog title="Transaction" onClose={onClose} testId={TID.txDetails} closeTestId={TID.txDetailsClose}>
      {overcharge && (
        <p className="notice notice-warn" role="note">
          The vendor charged more than its stated prices allow for this request.
        </p>
      )}
      <dl className="details">
        <Row label="Status">
          <StatusPill status={record.status} />
        </Row>
        <Row label="Time">{formatDateTime(record.timestamp)}</Row>
        <Row label="Operation">{record.operation ?? record.method ?? record.protocol.toUpperCase()}</Row>
        <Row label="Protocol">{record.protocol.toUpperCase()}</Row>
        <Row label="Target" mono>
          {record.urlOrTarget}
        </Row>
        <Row label="HTTP status">{record.statusCode}</Row>
        <Row label="Duration">{record.durationMs !== undefined ? formatDuration(record.durationMs) : undefined}</Row>
        <Row label="Streamed">{record.stream ? 'yes' : 'no'}</Row>
        <Row label="Error">{record.errorCode || record.errorMessage ? [record.errorCode, record.errorMessage].filter(Boolean).join(': ') : undefined}</Row>
      </dl>

      <h3 className="section-title">Payment</h3>
      {payment ? (
        <dl className="details">
          <Row label="Cost">{formatAmount(payment.cost, asset)}</Row>
          <Row label="Cost (atoms)" mono>
            {payment.cost.toString()}
          </Row>
          <Row label="Cost (USD)">{payment.costUsd > 0n ? formatMicroUsd(payment.costUsd) : undefined}</Row>
          <Row label="Nonce" mono>
            {payment.nonce.toString()}
          </Row>
          <Row label="Service ref" mono>
            {payment.serviceTxRef}
          </Row>
          <Row label="Paid at">{payment.paidAt}</Row>
        </dl>
      ) : (
        <p className="muted small">No payment recorded.</p>
      )}

      <h3 className="section-title">Identifiers</h3>
      <dl className="details">
        <Row label="Vendor">{vendorOrigin}</Row>
        <Row label="Channel" mono>
          {record.channelId}
        </Row>
        <Row label="Asset" mono>
          {record.assetId}
        </Row>
        <Row label="Client ref" mono>
          {record.clientTxRef}
        </Row>
      </dl>

      <h3 className="section-title">Request</h3>
      <dl className="details">
        <Row label="Body hash" mono>
          {record.requestBodyHash}
        </Row>
        <Row label="Body size">{record.requestBodySize !== undefined ? formatBytes(record.requestBodySize) : undefined}</Row>
        {headers.map(([name, value]) => (
          <Row key={name} label={name} mono>
            {value}
          </Row>
        ))}
      </dl>
      {headers.length === 0 && !record.requestBodyHash && <p className="muted small">No headers or body recorded.</p>}
    </Dialog>
  );
}
