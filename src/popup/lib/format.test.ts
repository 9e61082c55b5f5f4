import { describe, expect, it } from 'vitest';
import {
  formatAmount,
  formatSecondsLeft,
  formatBytes,
  formatDateTime,
  formatDuration,
  formatMicroUsd,
  formatRowTime,
  groupThousands,
  shortAddress,
  targetHost,
  targetPath,
} from './format';

const USDC = { symbol: 'USDC', decimals: 6 };

describe('amounts', () => {
  it('formats atoms in whole units with the symbol, grouped, exact', () => {
    expect(formatAmount(1_500n, USDC)).toBe('0.0015 USDC');
    expect(formatAmount(1_234_567_890_000n, USDC)).toBe('1,234,567.89 USDC');
    expect(formatAmount(0n, USDC)).toBe('0 USDC');
    expect(formatAmount(10n ** 30n + 1n, { symbol: 'ETH', decimals: 18 })).toBe('1,000,000,000,000.000000000000000001 ETH');
  });
  it('falls back to raw atoms for an unknown asset', () => {
    expect(formatAmount(1234n, undefined)).toBe('1,234 atoms');
  });
  it('formats micro-USD as dollars with at least cents and no rounding', () => {
    expect(formatMicroUsd(1_500n)).toBe('$0.0015');
    expect(formatMicroUsd(2_000_000n)).toBe('$2.00');
    expect(formatMicroUsd(1_234_567_891n)).toBe('$1,234.567891');
    expect(formatMicroUsd(500_000n)).toBe('$0.50');
  });
  it('groups thousands with a sign and a fraction', () => {
    expect(groupThousands('-1234567.123456')).toBe('-1,234,567.123456');
    expect(groupThousands('999')).toBe('999');
  });
});

describe('text', () => {
  it('shortens addresses', () => {
    expect(shortAddress('0x8ba1f109551bD432803012645Ac136ddd64DBA72')).toBe('0x8ba1…BA72');
    expect(shortAddress('0x1234')).toBe('0x1234');
  });
  it('splits URLs into host and path, and keeps non-URL targets', () => {
    expect(targetPath('https://api.example/v1/x?q=1')).toBe('/v1/x?q=1');
    expect(targetHost('https://api.example:8443/v1')).toBe('api.example:8443');
    expect(targetPath('prompts/get')).toBe('prompts/get');
    expect(targetHost('prompts/get')).toBeUndefined();
  });
});

describe('times and sizes', () => {
  it('shows only the clock for today and adds the date otherwise', () => {
    const now = new Date(2026, 10, 24, 18, 0, 0).getTime();
    expect(formatRowTime(new Date(2026, 10, 24, 9, 5, 7).getTime(), now)).toBe('09:05:07');
    expect(formatRowTime(new Date(2026, 10, 23, 23, 59, 1).getTime(), now)).toBe('Nov 23, 23:59:01');
    expect(formatRowTime(new Date(2025, 0, 2, 3, 4, 5).getTime(), now)).toBe('Jan 2 2025, 03:04:05');
  });
  it('formats a full local date time with ms', () => {
    expect(formatDateTime(new Date(2026, 0, 2, 3, 4, 5, 6).getTime())).toBe('2026-01-02 03:04:05.006');
  });
  it('formats durations and sizes', () => {
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(1_234)).toBe('1.23 s');
    expect(formatDuration(42_000)).toBe('42.0 s');
    expect(formatDuration(125_000)).toBe('2 min 5 s');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1_842)).toBe('1.8 kB');
    expect(formatBytes(25_000_000)).toBe('25 MB');
  });
});

describe('formatSecondsLeft', () => {
  it('says how long, coarsely, and "now" when the time has come', () => {
    expect(formatSecondsLeft(-5n)).toBe('now');
    expect(formatSecondsLeft(0n)).toBe('now');
    expect(formatSecondsLeft(45n)).toBe('45 s');
    expect(formatSecondsLeft(843n)).toBe('14 min 3 s');
    expect(formatSecondsLeft(900n)).toBe('15 min');
    expect(formatSecondsLeft(86_400n)).toBe('1 d');
    expect(formatSecondsLeft(7_500n)).toBe('2 h 5 min');
    expect(formatSecondsLeft(3n * 86_400n + 4n * 3_600n + 59n)).toBe('3 d 4 h');
  });
});
