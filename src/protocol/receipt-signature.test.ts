import { privateKeyToAccount } from 'viem/accounts';
import { describe, expect, it } from 'vitest';
import { isReceiptSignedBy, signReceiptText } from './receipt-signature';

const vendor = privateKeyToAccount('0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba');
const other = privateKeyToAccount('0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d');
const text = '{"vendor":"0x0","cost":"1"}';

describe('receipt signatures', () => {
  it('verifies the vendor\'s EIP-191 signature of exactly the receipt text, and nothing else', async () => {
    const signature = await signReceiptText(vendor, text);
    expect(isReceiptSignedBy(text, signature, vendor.address)).toBe(true);
    // The same as viem's own signer: v 27/28, and the 0/1 spelling.
    const low = `${signature.slice(0, 130)}${(parseInt(signature.slice(130), 16) - 27).toString(16).padStart(2, '0')}`;
    expect(isReceiptSignedBy(text, low, vendor.address)).toBe(true);
    expect(isReceiptSignedBy(`${text} `, signature, vendor.address)).toBe(false);
    expect(isReceiptSignedBy(text, signature, other.address)).toBe(false);
    expect(isReceiptSignedBy(text, await signReceiptText(other, text), vendor.address)).toBe(false);
    for (const bad of ['', '0x', `${signature}00`, signature.replace(/.$/, 'x'), `${signature.slice(0, 130)}05`]) {
      expect(isReceiptSignedBy(text, bad, vendor.address)).toBe(false);
    }
  });
});

describe('docs/protocol.md §7.6 example', () => {
  it('is the signature of the worked example\'s receipt by the example vendor key', async () => {
    const { readFileSync } = await import('node:fs');
    const doc = readFileSync(new URL('../../docs/protocol.md', import.meta.url), 'utf8');
    const section = doc.slice(doc.indexOf('### 7.6 Signed receipts'), doc.indexOf('## 8. Cost'));
    const documented = /signature: (0x[0-9a-f]{130})\n/.exec(section)![1]!;
    const receipt = /event: voucher-receipt\ndata: (\{.*\})\n/.exec(doc.slice(doc.indexOf('## 12. Worked example')))![1]!;
    const key = privateKeyToAccount('0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d');
    expect(await signReceiptText(key, receipt)).toBe(documented);
    expect(isReceiptSignedBy(receipt, documented, '0x70997970C51812dc3A010C7d01b50e0d17dc79C8')).toBe(true);
  });
});
