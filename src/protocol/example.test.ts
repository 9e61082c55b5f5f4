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
import { getContractAddress } from 'viem';
import { mnemonicToAccount, privateKeyToAccount } from 'viem/accounts';
import { foundry } from 'viem/chains';
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

  it('uses the well-known accounts of a local chain (Hardhat, anvil) the doc names', () => {
    // Accounts 0 and 1 of the local chains' shared test mnemonic; the contract is account 0's first deployment.
    const mnemonic = 'test test test test test test test test test test test junk';
    const client = mnemonicToAccount(mnemonic, { addressIndex: 0 });
    expect(privateKeyToAccount(EXAMPLE_CLIENT_KEY).address).toBe(client.address);
    expect(EXAMPLE_VENDOR).toBe(mnemonicToAccount(mnemonic, { addressIndex: 1 }).address);
    expect(EXAMPLE_DOMAIN.verifyingContract).toBe(getContractAddress({ from: client.address, nonce: 0n }));
    expect(EXAMPLE_DOMAIN.chainId).toBe(BigInt(foundry.id));
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
