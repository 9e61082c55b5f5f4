import { describe, expect, it } from 'vitest';
import { perMille } from './BudgetBar';
import { chartPath } from './SpendingChart';

describe('chartPath', () => {
  it('spans the width in time and the height in atoms, highest at the top', () => {
    const path = chartPath(
      [
        { at: 1_000, atoms: 0n },
        { at: 2_000, atoms: 50n },
        { at: 3_000, atoms: 100n },
      ],
      102,
      52,
    );
    expect(path).toBe('M2.0,50.0 L51.0,26.0 L100.0,2.0');
  });

  it('keeps the order of uint256-sized amounts that floats would merge', () => {
    const base = 2n ** 200n;
    const path = chartPath([{ at: 0, atoms: base }, { at: 1, atoms: base * 2n }], 100, 100);
    expect(path).toBe('M2.0,50.0 L98.0,2.0');
  });

  it('draws nothing without points', () => {
    expect(chartPath([])).toBe('');
  });
});

describe('perMille', () => {
  it('is spent over budget, capped at 1000, safe for a zero budget', () => {
    expect(perMille(1_234_500n, 5_000_000n)).toBe(246);
    expect(perMille(7n, 5n)).toBe(1000);
    expect(perMille(0n, 0n)).toBe(0);
    expect(perMille(1n, 0n)).toBe(1000);
  });
});
