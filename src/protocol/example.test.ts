import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  BEGIN_MARKER,
  END_MARKER,
  EXAMPLE_CLIENT_KEY,
  EXAMPLE_DOMAIN,
  EXAMPLE_VENDOR,
  protocolExampleMarkdown,
} from '../../scripts/protocol-example';
import { privateKeyToAccount } from 'viem/accounts';
import { isVoucherSignedByClient, parseVoucherHeader } from './index';

const doc = readFileSync(new URL('../../docs/protocol.md', import.meta.url), 'utf8');

describe('docs/protocol.md worked example', () => {
  it('is exactly what scripts/protocol-example.ts generates from the code', async () => {
    const block = await protocolExampleMarkdown();
    expect(block.startsWith(BEGIN_MARKER)).toBe(true);
    expect(block.endsWith(END_MARKER)).toBe(true);
    // Compare the embedded block as a whole, so a diff shows exactly which line drifted.
    const start = doc.indexOf(BEGIN_MARKER);
    const end = doc.indexOf(END_MARKER);
    expect(start).toBeGreaterThanOrEqual(0);
    expect(doc.slice(start, end + END_MARKER.length)).toBe(block);
  });

  it('uses the well-known Hardhat accounts the doc names', () => {
    expect(privateKeyToAccount(EXAMPLE_CLIENT_KEY).address).toBe('0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266');
    expect(EXAMPLE_VENDOR).toBe('0x70997970C51812dc3A010C7d01b50e0d17dc79C8');
    expect(EXAMPLE_DOMAIN).toEqual({ chainId: 31337n, verifyingContract: '0x5FbDB2315678afecb367f032d93F642f64180aa3' });
  });

  it('every x-voucher header in the doc parses and is signed by its client', async () => {
    const headers = [...doc.matchAll(/^x-voucher: (v1\.[A-Za-z0-9_-]+)$/gm)].map((match) => match[1]!);
    expect(headers.length).toBeGreaterThanOrEqual(2);
    for (const header of headers) {
      const parsed = parseVoucherHeader(header);
      for (const voucher of parsed.vouchers) expect(await isVoucherSignedByClient(voucher)).toBe(true);
    }
  });
});
