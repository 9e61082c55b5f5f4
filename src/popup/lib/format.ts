import { formatAtoms, type Asset } from '../../protocol';

export type AssetUnits = Pick<Asset, 'symbol' | 'decimals'>;

/** Groups the whole part of a decimal string in thousands: 1234567.5 → 1,234,567.5 */
export function groupThousands(decimal: string): string {
  const [whole = '', fraction] = decimal.split('.');
  const sign = whole.startsWith('-') ? '-' : '';
  const digits = sign ? whole.slice(1) : whole;
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}${grouped}${fraction !== undefined ? `.${fraction}` : ''}`;
}

/** Atoms in whole asset units with the symbol; raw atoms when the asset is unknown. */
export function formatAmount(atoms: bigint, asset: AssetUnits | undefined): string {
  if (!asset) return `${groupThousands(atoms.toString())} atoms`;
  return `${groupThousands(formatAtoms(atoms, asset.decimals))} ${asset.symbol}`;
}

/** Micro-US-dollars as dollars, at least cents, never rounded (sub-cent prices are the point). */
export function formatMicroUsd(microUsd: bigint): string {
  const text = formatAtoms(microUsd, 6);
  const [whole = '0', fraction = ''] = text.replace('-', '').split('.');
  const sign = microUsd < 0n ? '-' : '';
  return `${sign}$${groupThousands(whole)}.${fraction.padEnd(2, '0')}`;
}

export function shortAddress(address: string): string {
  if (address.length <= 13) return address;
  return `${address.slice(0, 6)}…${address.slice(-4)}`;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Compact local time for a list row: the clock today, the date and clock otherwise. */
export function formatRowTime(ms: number, now: number): string {
  const at = new Date(ms);
  const today = new Date(now);
  const clock = `${pad(at.getHours())}:${pad(at.getMinutes())}:${pad(at.getSeconds())}`;
  if (at.toDateString() === today.toDateString()) return clock;
  const day = `${MONTHS[at.getMonth()]} ${at.getDate()}`;
  return at.getFullYear() === today.getFullYear() ? `${day}, ${clock}` : `${day} ${at.getFullYear()}, ${clock}`;
}

/** Full local date and time with milliseconds, for the details view. */
export function formatDateTime(ms: number): string {
  const at = new Date(ms);
  return (
    `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())} ` +
    `${pad(at.getHours())}:${pad(at.getMinutes())}:${pad(at.getSeconds())}.${pad(at.getMilliseconds(), 3)}`
  );
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} min ${Math.round((ms % 60_000) / 1000)} s`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 'B';
  for (const next of units) {
    if (value < 1000) break;
    value /= 1000;
    unit = next;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${unit}`;
}

/** The part of a URL worth showing in a narrow row: path and query, or the whole target. */
export function targetPath(urlOrTarget: string): string {
  try {
    const url = new URL(urlOrTarget);
    return `${url.pathname}${url.search}`;
  } catch {
    return urlOrTarget;
  }
}

export function targetHost(urlOrTarget: string): string | undefined {
  try {
    return new URL(urlOrTarget).host;
  } catch {
    return undefined;
  }
}

/** Whole seconds left, coarsely: "45 s", "14 min 3 s", "15 min", "2 h 5 min", "3 d 4 h"; "now" at or below zero. */
export function formatSecondsLeft(seconds: bigint): string {
  if (seconds <= 0n) return 'now';
  const s = Number(seconds);
  const two = (big: number, bigUnit: string, small: number, smallUnit: string) => (small === 0 ? `${big} ${bigUnit}` : `${big} ${bigUnit} ${small} ${smallUnit}`);
  if (s < 60) return `${s} s`;
  if (s < 3_600) return two(Math.floor(s / 60), 'min', s % 60, 's');
  if (s < 86_400) return two(Math.floor(s / 3_600), 'h', Math.floor((s % 3_600) / 60), 'min');
  return two(Math.floor(s / 86_400), 'd', Math.floor((s % 86_400) / 3_600), 'h');
}
