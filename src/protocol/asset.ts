import type { Address } from 'viem';

export interface Asset {
  symbol: string;
  /** Decimal places of one whole unit (the seed's Voucher::DECIMALS): 1 unit = 10^decimals atoms. */
  decimals: number;
  /** The token contract, when the asset is one. */
  address?: Address;
  /** Micro-US-dollars per whole unit, when the vendor states a price in USD. */
  microUsdPerUnit?: bigint;
}

/** Atoms as a decimal string in whole units: formatAtoms(1500n, 6) === '0.0015'. */
export function formatAtoms(atoms: bigint, decimals: number): string {
  const negative = atoms < 0n;
  const magnitude = negative ? -atoms : atoms;
  const scale = 10n ** BigInt(decimals);
  const whole = magnitude / scale;
  const fraction = (magnitude % scale).toString().padStart(decimals, '0').replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}

/** Whole units in a decimal string to atoms; rejects more decimals than the asset has. */
export function parseUnits(text: string, decimals: number): bigint {
  const match = /^([0-9]+)(?:\.([0-9]+))?$/.exec(text.trim());
  if (!match) throw new RangeError(`"${text}" is not a non-negative decimal amount`);
  const fraction = match[2] ?? '';
  if (fraction.length > decimals) throw new RangeError(`at most ${decimals} decimal places`);
  return BigInt(match[1]!) * 10n ** BigInt(decimals) + BigInt(fraction.padEnd(decimals, '0') || '0');
}

/** Cost in micro-USD, rounded down, when the asset has a USD price. */
export function atomsToMicroUsd(atoms: bigint, asset: Asset): bigint | undefined {
  if (asset.microUsdPerUnit === undefined) return undefined;
  return (atoms * asset.microUsdPerUnit) / 10n ** BigInt(asset.decimals);
}
