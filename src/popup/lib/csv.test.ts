import { describe, expect, it } from 'vitest';
import { transactionRecord } from '../test/fixtures';
import { CSV_COLUMNS, csvField, csvHeader, csvLine, recordToCsv } from './csv';

/** A minimal RFC 4180 reader, to check that what we write reads back field for field. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(field), (field = '');
    else if (c === '\r' && text[i + 1] === '\n') row.push(field), rows.push(row), (row = []), (field = ''), i++;
    else field += c;
  }
  return rows;
}

describe('csvField', () => {
  it('leaves plain text alone', () => {
    expect(csvField('paid')).toBe('paid');
    expect(csvField(200)).toBe('200');
    expect(csvField(true)).toBe('true');
  });
  it('writes nothing for missing values', () => {
    expect(csvField(undefined)).toBe('');
    expect(csvField(null)).toBe('');
  });
  it('quotes commas, quotes, CR and LF, doubling inner quotes', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('line1\nline2')).toBe('"line1\nline2"');
    expect(csvField('cr\rhere')).toBe('"cr\rhere"');
    expect(csvField(' padded ')).toBe('" padded "');
  });
  it('writes bigints as exact decimals, beyond float precision', () => {
    const huge = 2n ** 200n + 1n;
    expect(csvField(huge)).toBe(huge.toString());
    expect(csvField(9007199254740993n)).toBe('9007199254740993');
  });
});

describe('recordToCsv', () => {
  it('terminates lines with CRLF and has one field per column', () => {
    expect(csvLine(['a', 'b'])).toBe('a,b\r\n');
    const header = parseCsv(csvHeader())[0]!;
    expect(header).toEqual(CSV_COLUMNS.map((c) => c.header));
  });

  it('round-trips a record with hostile text and big amounts', () => {
    const record = transactionRecord(0, Date.UTC(2026, 0, 2, 3, 4, 5));
    record.errorMessage = 'vendor said: "no", then\r\nhung up, again';
    record.payment = { cost: 2n ** 100n, costUsd: 0n, nonce: 18446744073709551615n, paidAt: '2026-01-02T03:04:05.300Z' };
    record.meta = { overcharge: true };
    const [row] = parseCsv(recordToCsv(record));
    const at = (name: string) => row![CSV_COLUMNS.findIndex((c) => c.header === name)];
    expect(row).toHaveLength(CSV_COLUMNS.length);
    expect(at('timestamp')).toBe('2026-01-02T03:04:05.000Z');
    expect(at('errorMessage')).toBe(record.errorMessage);
    expect(at('costAtoms')).toBe('1267650600228229401496703205376');
    expect(at('nonce')).toBe('18446744073709551615');
    expect(at('costMicroUsd')).toBe('0');
    expect(at('overcharge')).toBe('true');
    expect(at('clientTxRef')).toBe('tx-000000');
  });

  it('leaves payment columns empty when there was no payment', () => {
    const record = transactionRecord(3, Date.now()); // a free request
    expect(record.payment).toBeUndefined();
    const [row] = parseCsv(recordToCsv(record));
    expect(row![CSV_COLUMNS.findIndex((c) => c.header === 'costAtoms')]).toBe('');
    expect(row![CSV_COLUMNS.findIndex((c) => c.header === 'overcharge')]).toBe('false');
  });
});
