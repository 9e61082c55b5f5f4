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
