import { getAddress, type Address, type Hex } from 'viem';
import type { SignedVoucher } from '../../protocol';
import type { StoredVoucher } from '../ports';
import type { SqlRow } from './sql';
import { booleanLiteral, numericLiteral, textLiteral } from './sql-literal';

/**
 * The columns of a voucher row, with NUMERICs as decimal text so no value passes through a float.
 * The aliases shadow the columns in ORDER BY: order by `vouchers.nonce`, or nonce 10 sorts before 9.
 */
export const VOUCHER_COLUMNS = `nonce::text AS nonce, atoms::text AS atoms, client, vendor, chain_id::text AS chain_id,
  verifying_contract, signature, spent`;

/** The signed voucher a row holds (the vouchers and the redemptions tables share its columns). */
export function signedVoucherFromRow(row: SqlRow): SignedVoucher {
  return {
    client: getAddress(row.client as string),
    vendor: getAddress(row.vendor as string),
    nonce: BigInt(row.nonce as string),
    atoms: BigInt(row.atoms as string),
    chainId: BigInt(row.chain_id as string),
    verifyingContract: getAddress(row.verifying_contract as string) as Address,
    signature: row.signature as Hex,
  };
}

export function voucherFromRow(row: SqlRow): StoredVoucher {
  return { ...signedVoucherFromRow(row), spent: row.spent as boolean };
}

/** One INSERT for vouchers new in a transaction, with the spent flag they have when it commits. */
export function insertVouchersStatement(client: string, vouchers: readonly StoredVoucher[]): string {
  const values = vouchers.map((voucher) =>
    [
      textLiteral(client),
      numericLiteral(voucher.nonce),
      numericLiteral(voucher.atoms),
      textLiteral(voucher.vendor.toLowerCase()),
      numericLiteral(voucher.chainId),
      textLiteral(voucher.verifyingContract.toLowerCase()),
      textLiteral(voucher.signature.toLowerCase()),
      booleanLiteral(voucher.spent),
    ].join(', '),
  );
  return `INSERT INTO vouchers (client, nonce, atoms, vendor, chain_id, verifying_contract, signature, spent)
    VALUES (${values.join('), (')})`;
}
