import type { TransactionRecord } from '../../storage/interfaces/TransactionStore';

export type CsvValue = string | number | bigint | boolean | null | undefined;

/**
 * One field per RFC 4180: quoted when it holds a comma, a double quote, CR or LF (or
 * leading/trailing spaces, which some readers trim), with inner quotes doubled.
 * Bigints are written as exact decimal strings.
 */
export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'string' ? value : String(value);
  if (/[",\r\n]/.test(text) || text !== text.trim()) return `"${text.replaceAll('"', '""')}"`;
  return text;
}

/** A record line, terminated by CRLF as RFC 4180 says. */
export function csvLine(values: readonly CsvValue[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}

interface Column {
  header: string;
  value: (record: TransactionRecord) => CsvValue;
}

/** Amounts are atoms and micro-USD, exact; a spreadsheet can scale them, it cannot un-round them. */
export const CSV_COLUMNS: readonly Column[] = [
  { header: 'timestamp', value: (r) => new Date(r.timestamp).toISOString() },
  { header: 'clientTxRef', value: (r) => r.clientTxRef },
  { header: 'protocol', value: (r) => r.protocol },
  { header: 'method', value: (r) => r.method },
  { header: 'operation', value: (r) => r.operation },
  { header: 'urlOrTarget', value: (r) => r.urlOrTarget },
  { header: 'status', value: (r) => r.status },
  { header: 'statusCode', value: (r) => r.statusCode },
  { header: 'durationMs', value: (r) => r.durationMs },
  { header: 'stream', value: (r) => r.stream },
  { header: 'channelId', value: (r) => r.channelId },
  { header: 'assetId', value: (r) => r.assetId },
  { header: 'costAtoms', value: (r) => r.payment?.cost },
  { header: 'costMicroUsd', value: (r) => r.payment?.costUsd },
  { header: 'nonce', value: (r) => r.payment?.nonce },
  { header: 'serviceTxRef', value: (r) => r.payment?.serviceTxRef },
  { header: 'paidAt', value: (r) => r.payment?.paidAt },
  { header: 'errorCode', value: (r) => r.errorCode },
  { header: 'errorMessage', value: (r) => r.errorMessage },
  { header: 'requestBodyHash', value: (r) => r.requestBodyHash },
  { header: 'requestBodySize', value: (r) => r.requestBodySize },
  { header: 'overcharge', value: (r) => r.meta?.overcharge === true },
];

export function csvHeader(): string {
  return csvLine(CSV_COLUMNS.map((column) => column.header));
}

export function recordToCsv(record: TransactionRecord): string {
  return csvLine(CSV_COLUMNS.map((column) => column.value(record)));
}
