import { describe, expect, it } from 'vitest';
import { resolveTimeRange, toLocalInputValue } from './time-range';

const now = new Date(2026, 10, 24, 12, 0, 0).getTime();

describe('resolveTimeRange', () => {
  it('counts presets back from now', () => {
    expect(resolveTimeRange({ preset: '1h' }, now)).toEqual({ since: now - 3_600_000 });
    expect(resolveTimeRange({ preset: '24h' }, now)).toEqual({ since: now - 86_400_000 });
    expect(resolveTimeRange({ preset: '7d' }, now)).toEqual({ since: now - 7 * 86_400_000 });
    expect(resolveTimeRange({ preset: 'all' }, now)).toEqual({});
  });

  it('reads custom bounds as local time and includes the whole "until" minute', () => {
    const range = resolveTimeRange({ preset: 'custom', since: '2026-11-20T08:30', until: '2026-11-21T17:05' }, now);
    expect(range).toEqual({
      since: new Date(2026, 10, 20, 8, 30).getTime(),
      until: new Date(2026, 10, 21, 17, 5, 59, 999).getTime(),
    });
  });

  it('takes seconds precisely when given, and allows one open end', () => {
    expect(resolveTimeRange({ preset: 'custom', until: '2026-11-21T17:05:30' }, now)).toEqual({
      until: new Date(2026, 10, 21, 17, 5, 30).getTime(),
    });
    expect(resolveTimeRange({ preset: 'custom', since: '2026-11-20T08:30' }, now)).toEqual({
      since: new Date(2026, 10, 20, 8, 30).getTime(),
    });
    expect(resolveTimeRange({ preset: 'custom' }, now)).toEqual({});
  });

  it('explains an inverted or malformed range instead of querying', () => {
    expect(resolveTimeRange({ preset: 'custom', since: '2026-11-22T00:00', until: '2026-11-21T00:00' }, now).error).toMatch(/after the end/);
    expect(resolveTimeRange({ preset: 'custom', since: 'yesterday' }, now).error).toMatch(/start time/);
    expect(resolveTimeRange({ preset: 'custom', until: '2026-13-45T99:00' }, now).error).toMatch(/end time/);
  });

  it('round-trips the input value format', () => {
    const at = new Date(2026, 1, 3, 4, 5).getTime();
    expect(toLocalInputValue(at)).toBe('2026-02-03T04:05');
    expect(resolveTimeRange({ preset: 'custom', since: toLocalInputValue(at) }, now)).toEqual({ since: at });
  });
});
