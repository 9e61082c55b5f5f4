import { describe, expect, it } from 'vitest';
import { RECEIPT_EVENT } from './constants';
import {
  MAX_RECEIPT_LENGTH,
  encodeReceiptEvent,
  encodeReceiptHeader,
  parseReceiptEventData,
  parseReceiptHeader,
  type Receipt,
} from './receipt';
import { MAX_UINT256, MAX_UINT64 } from './voucher';

const receipt: Receipt = {
  vendor: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
  client: '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266',
  cost: 1_234n,
  nonce: 3n,
  lastNonce: 5n,
  serviceTxRef: 'req_01:abc.def-9',
  usage: { elapsedMs: 1_200n, bytes: 48_213n },
  credit: { unspent: 3_000_000n, unmarked: 1_234n, locked: 500n, cap: 9_000_000n, available: 2_998_266n },
};

const extreme: Receipt = {
  ...receipt,
  cost: MAX_UINT256,
  nonce: MAX_UINT64,
  lastNonce: MAX_UINT64,
  serviceTxRef: 'r'.repeat(128),
  usage: { elapsedMs: MAX_UINT64, bytes: MAX_UINT64 },
  credit: { unspent: MAX_UINT256, unmarked: MAX_UINT256, locked: MAX_UINT256, cap: MAX_UINT256, available: MAX_UINT256 },
};

/** What an SSE parser hands the payer for one event: its name and its data lines joined by "\n". */
function readEvent(block: string): { event: string; data: string } {
  let event = 'message';
  const data: string[] = [];
  for (const line of block.replace(/\n\n$/, '').split('\n')) {
    if (line.startsWith('event: ')) event = line.slice(7);
    else if (line.startsWith('data: ')) data.push(line.slice(6));
    else throw new Error(`unexpected line ${line}`);
  }
  return { event, data: data.join('\n') };
}

describe('receipt header', () => {
  it('round trips', () => {
    const header = encodeReceiptHeader(receipt);
    expect(header).toMatch(/^v1\.[A-Za-z0-9_-]+$/);
    expect(parseReceiptHeader(header)).toEqual(receipt);
  });

  it('writes every number as a decimal string', () => {
    const json = JSON.parse(Buffer.from(encodeReceiptHeader(receipt).slice(3), 'base64url').toString());
    expect(json).toEqual({
      vendor: receipt.vendor,
      client: receipt.client,
      cost: '1234',
      nonce: '3',
      lastNonce: '5',
      serviceTxRef: 'req_01:abc.def-9',
      usage: { elapsedMs: '1200', bytes: '48213' },
      credit: { unspent: '3000000', unmarked: '1234', locked: '500', cap: '9000000', available: '2998266' },
    });
  });

  it('the largest receipt fits the limit and keeps extreme values exactly', () => {
    const header = encodeReceiptHeader(extreme);
    expect(header.length).toBeLessThanOrEqual(MAX_RECEIPT_LENGTH);
    expect(parseReceiptHeader(header)).toEqual(extreme);
  });
});

describe('receipt canonical form', () => {
  it('the encoder checksums addresses it is given in any case', () => {
    const lower = { ...receipt, vendor: receipt.vendor.toLowerCase() as Receipt['vendor'], client: receipt.client.toLowerCase() as Receipt['client'] };
    expect(encodeReceiptHeader(lower)).toBe(encodeReceiptHeader(receipt));
    expect(encodeReceiptEvent(lower)).toBe(encodeReceiptEvent(receipt));
  });

  it('parsing and re-encoding gives back the same header and event', () => {
    for (const value of [receipt, extreme]) {
      const header = encodeReceiptHeader(value);
      expect(encodeReceiptHeader(parseReceiptHeader(header))).toBe(header);
      const block = encodeReceiptEvent(value);
      expect(encodeReceiptEvent(parseReceiptEventData(readEvent(block).data))).toBe(block);
    }
  });
});

describe('receipt server-sent event', () => {
  it('is one event named voucher-receipt with one data line, ending the stream block', () => {
    const block = encodeReceiptEvent(receipt);
    expect(block.endsWith('\n\n')).toBe(true);
    expect(block.startsWith(`event: ${RECEIPT_EVENT}\ndata: {`)).toBe(true);
    expect(block.split('\n')).toHaveLength(4);
    const { event, data } = readEvent(block);
    expect(event).toBe('voucher-receipt');
    expect(parseReceiptEventData(data)).toEqual(receipt);
  });

  it('round trips extreme values', () => {
    const { data } = readEvent(encodeReceiptEvent(extreme));
    expect(data.length).toBeLessThanOrEqual(MAX_RECEIPT_LENGTH);
    expect(parseReceiptEventData(data)).toEqual(extreme);
  });

  it('carries the same JSON as the header', () => {
    const { data } = readEvent(encodeReceiptEvent(receipt));
    const headerJson = Buffer.from(encodeReceiptHeader(receipt).slice(3), 'base64url').toString();
    expect(data).toBe(headerJson);
  });
});
