import { parseUnits } from '../../protocol';
import type { AssetUnits } from './format';

export type AmountParse = { atoms: bigint; error?: undefined } | { error: string };

/** Whole asset units typed by a person → exact atoms (never through a float). */
export function parseAmountInput(text: string, asset: AssetUnits, label: string): AmountParse {
  const trimmed = text.trim().replaceAll(',', '');
  if (trimmed === '') return { error: `Enter ${label}.` };
  try {
    const atoms = parseUnits(trimmed, asset.decimals);
    if (atoms === 0n) return { error: `${capitalise(label)} must be more than 0 ${asset.symbol}.` };
    return { atoms };
  } catch (error) {
    const tooPrecise = error instanceof RangeError && /decimal places/.test(error.message);
    return {
      error: tooPrecise
        ? `${capitalise(label)} can have at most ${asset.decimals} decimal places.`
        : `${capitalise(label)} must be a number like 1.25.`,
    };
  }
}

/** Budget and voucher size together: a voucher larger than the budget could never be signed. */
export function parseLimits(
  budgetText: string,
  voucherText: string,
  asset: AssetUnits,
): { budgetAtoms: bigint; maxVoucherAtoms: bigint; error?: undefined } | { error: string; field: 'budget' | 'voucher' } {
  const budget = parseAmountInput(budgetText, asset, 'the budget');
  if (budget.error !== undefined) return { error: budget.error, field: 'budget' };
  const voucher = parseAmountInput(voucherText, asset, 'the voucher size');
  if (voucher.error !== undefined) return { error: voucher.error, field: 'voucher' };
  if (voucher.atoms > budget.atoms) return { error: 'The voucher size cannot exceed the budget.', field: 'voucher' };
  return { budgetAtoms: budget.atoms, maxVoucherAtoms: voucher.atoms };
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
