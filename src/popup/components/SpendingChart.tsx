import type { Asset } from '../../protocol';
import { formatAmount } from '../lib/format';

interface Point {
  at: number;
  atoms: bigint;
}

const WIDTH = 300;
const HEIGHT = 44;
const PAD = 2;

/**
 * Scales cumulative atoms to chart coordinates. Heights go through an integer ratio in bigint
 * so huge atom counts (uint256) never lose their ordering in a float conversion.
 */
export function chartPath(points: readonly Point[], width = WIDTH, height = HEIGHT): string {
  if (points.length === 0) return '';
  const start = points[0]!.at;
  const span = Math.max(1, points[points.length - 1]!.at - start);
  const max = points.reduce((top, p) => (p.atoms > top ? p.atoms : top), 0n);
  const scale = 10_000n;
  const coordinates = points.map((p) => {
    const x = points.length === 1 ? width - PAD : PAD + ((p.at - start) / span) * (width - 2 * PAD);
    const ratio = max === 0n ? 0 : Number((p.atoms * scale) / max) / Number(scale);
    const y = height - PAD - ratio * (height - 2 * PAD);
    return `${x.toFixed(1)},${y.toFixed(1)}`;
  });
  return `M${coordinates.join(' L')}`;
}

/** Cumulative spending over time as a small line, no chart library. */
export function SpendingChart({ points, asset }: { points: readonly Point[]; asset: Asset }) {
  if (points.length < 2) {
    return <p className="chart-empty muted small">Spending shows here after a few payments.</p>;
  }
  const line = chartPath(points);
  const last = points[points.length - 1]!;
  const first = points[0]!;
  const area = `${line} L${WIDTH - PAD},${HEIGHT - PAD} L${PAD},${HEIGHT - PAD} Z`;
  return (
    <figure className="chart">
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        preserveAspectRatio="none"
        role="img"
        aria-label={`Spending over time: ${formatAmount(last.atoms, asset)} since ${new Date(first.at).toLocaleDateString()}`}
      >
        <path d={area} className="chart-area" />
        <path d={line} className="chart-line" vectorEffect="non-scaling-stroke" />
      </svg>
    </figure>
  );
}
