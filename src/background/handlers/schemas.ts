import { z } from 'zod';
import { getAddress, isAddress } from 'viem';

/** Shared run-time validators for message inputs. Unknown keys are refused, not ignored. */
export const empty = z.strictObject({});
export const password = z.string().min(1).max(1024);
export const atoms = z.bigint().min(0n).max((1n << 256n) - 1n);
export const positiveAtoms = atoms.min(1n);
export const vendorKeyId = z.string().min(1).max(256);
export const httpOrigin = z
  .string()
  .max(2048)
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === value;
    } catch {
      return false;
    }
  }, 'must be an http(s) origin');
export const httpUrl = z
  .string()
  .max(8192)
  .refine((value) => {
    try {
      const { protocol } = new URL(value);
      return protocol === 'http:' || protocol === 'https:';
    } catch {
      return false;
    }
  }, 'must be an http(s) URL');
export const clientTxRef = z.string().min(1).max(128);
export const address = z
  .string()
  .refine((value) => isAddress(value, { strict: false }), 'must be a 0x address')
  .transform((value) => getAddress(value));
