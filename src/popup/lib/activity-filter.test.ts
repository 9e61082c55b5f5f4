import { describe, expect, it } from 'vitest';
import { ANY, DEFAULT_ACTIVITY_FILTER, activeFilterCount, toStoreFilter } from './activity-filter';

const now = new Date(2026, 10, 24, 12, 0).getTime();

describe('toStoreFilter', () => {
  it('maps the defaults to an empty filter', () => {
    expect(toStoreFilter(DEFAULT_ACTIVITY_FILTER, now)).toEqual({ filter: {} });
    expect(activeFilterCount(DEFAULT_ACTIVITY_FILTER)).toBe(0);
  });

  it('passes only the set controls', () => {
    const mapped = toStoreFilter({ status: 'error', channelId: '0xabc', protocol: 'mcp', time: { preset: '1h' } }, now);
    expect(mapped).toEqual({ filter: { status: 'error', channelId: '0xabc', protocol: 'mcp', since: now - 3_600_000 } });
    expect(activeFilterCount({ status: 'error', channelId: '0xabc', protocol: ANY, time: { preset: '1h' } })).toBe(3);
  });

  it('includes custom bounds', () => {
    const mapped = toStoreFilter({ ...DEFAULT_ACTIVITY_FILTER, time: { preset: 'custom', since: '2026-11-20T00:00', until: '2026-11-20T23:59' } }, now);
    expect(mapped).toEqual({
      filter: { since: new Date(2026, 10, 20).getTime(), until: new Date(2026, 10, 21).getTime() - 1 },
    });
  });

  it('returns the range error rather than a filter', () => {
    const mapped = toStoreFilter({ ...DEFAULT_ACTIVITY_FILTER, status: 'paid', time: { preset: 'custom', since: '2026-11-21T00:00', until: '2026-11-20T00:00' } }, now);
    expect(mapped.error).toMatch(/after the end/);
    expect('filter' in mapped).toBe(false);
  });
});
