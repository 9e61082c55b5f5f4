export type TimePreset = '1h' | '24h' | '7d' | 'all' | 'custom';

export const TIME_PRESETS: { value: TimePreset; label: string }[] = [
  { value: '1h', label: 'Last hour' },
  { value: '24h', label: 'Last 24 hours' },
  { value: '7d', label: 'Last 7 days' },
  { value: 'all', label: 'All time' },
  { value: 'custom', label: 'Custom…' },
];

const PRESET_MS: Record<'1h' | '24h' | '7d', number> = {
  '1h': 3_600_000,
  '24h': 86_400_000,
  '7d': 7 * 86_400_000,
};

/** What the user picked; custom bounds are `<input type="datetime-local">` values (local time). */
export interface TimeRange {
  preset: TimePreset;
  since?: string;
  until?: string;
}

export type ResolvedTimeRange = { since?: number; until?: number; error?: undefined } | { error: string };

const MINUTE_MS = 60_000;

function parseLocal(value: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value)) return undefined;
  const ms = new Date(value).getTime();
  return Number.isNaN(ms) ? undefined : ms;
}

/**
 * Turns a range into inclusive store bounds in ms. Presets count back from `now`. A custom
 * `until` picked to the minute includes the whole of that minute, which is what a person means
 * by "until 10:05".
 */
export function resolveTimeRange(range: TimeRange, now: number): ResolvedTimeRange {
  if (range.preset === 'all') return {};
  if (range.preset !== 'custom') return { since: now - PRESET_MS[range.preset] };
  const out: { since?: number; until?: number } = {};
  if (range.since) {
    const since = parseLocal(range.since);
    if (since === undefined) return { error: 'The start time is not a valid date and time.' };
    out.since = since;
  }
  if (range.until) {
    const until = parseLocal(range.until);
    if (until === undefined) return { error: 'The end time is not a valid date and time.' };
    out.until = range.until.length === 16 ? until + MINUTE_MS - 1 : until;
  }
  if (out.since !== undefined && out.until !== undefined && out.since > out.until) {
    return { error: 'The start time is after the end time.' };
  }
  return out;
}

/** A Date as the value of a datetime-local input, in local time. */
export function toLocalInputValue(ms: number): string {
  const at = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T${pad(at.getHours())}:${pad(at.getMinutes())}`;
}
