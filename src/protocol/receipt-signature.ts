import { secp256k1 } from '@noble/curves/secp256k1';
import { getAddress, hashMessage, hexToBytes, toHex, type Address, type Hex } from 'viem';
import { publicKeyToAddress } from 'viem/accounts';

/** What signs a receipt: a vendor's key (a viem LocalAccount has this method). */
export interface ReceiptSigner {
  signMessage(parameters: { message: string }): Promise<Hex>;
}

/**
 * The vendor's signature over a receipt (docs/protocol.md §7.6): EIP-191 `personal_sign` of the
 * receipt's canonical JSON text, exactly the text of the receipt event's data line, with the key
 * of the receipt's `vendor` address.
 */
export function signReceiptText(signer: ReceiptSigner, receiptJson: string): Promise<Hex> {
  return signer.signMessage({ message: receiptJson });
}

/**
 * True when `signature` (65 bytes: r, s, v of 27/28 or 0/1) is `vendor`'s over exactly
 * `receiptJson`; false for anything else, never a throw. Recovers with @noble/curves directly:
 * viem's recovery loads the curve with a dynamic import(), which an extension worker cannot run.
 */
export function isReceiptSignedBy(receiptJson: string, signature: string, vendor: Address): boolean {
  if (!/^0x[0-9a-fA-F]{130}$/.test(signature)) return false;
  try {
    const bytes = hexToBytes(signature as Hex);
    const v = bytes[64]!;
    const recovery = v >= 27 ? v - 27 : v;
    if (recovery !== 0 && recovery !== 1) return false;
    const point = secp256k1.Signature.fromCompact(bytes.slice(0, 64))
      .addRecoveryBit(recovery)
      .recoverPublicKey(hexToBytes(hashMessage(receiptJson)).slice());
    return getAddress(publicKeyToAddress(toHex(point.toRawBytes(false)))) === getAddress(vendor);
  } catch {
    return false;
  }
}
