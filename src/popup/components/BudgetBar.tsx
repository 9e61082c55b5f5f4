import type { Asset } from '../../protocol';
import { formatAmount } from '../lib/format';
import { TID } from '../testids';

/** Share of the budget spent, as an integer per mille computed in bigint (display only). */
export function perMille(spent: bigint, budget: bigint): number {
  if (budget <= 0n) return spent > 0n ? 1000 : 0;
  const ratio = (spent * 1000n) / budget;
  return Number(ratio > 1000n ? 1000n : ratio);
}

export function BudgetBar({ spent, budget, asset }: { spent: bigint; budget: bigint; asset: Asset }) {
  const used = perMille(spent, budget);
  const left = budget > spent ? budget - spent : 0n;
  const tone = used >= 900 ? 'danger' : used >= 700 ? 'warn' : 'ok';
  return (
    <div className="budget">
      <div className="budget-labels">
        <span>
          <strong>{formatAmount(spent, asset)}</strong> <span className="muted">used</span>
        </span>
        <span className="muted">{formatAmount(left, asset)} left</span>
      </div>
      <div
        className={`bar bar-${tone}`}
        role="progressbar"
        aria-label="Budget used"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(used / 10)}
        aria-valuetext={`${formatAmount(spent, asset)} of ${formatAmount(budget, asset)}`}
        data-testid={TID.vendorBudgetBar}
      >
        <span style={{ width: `${used / 10}%` }} />
      </div>
    </div>
  );
}
