import { useId } from 'react';
import type { AssetUnits } from '../lib/format';
import { TID } from '../testids';

interface Props {
  asset: AssetUnits;
  budget: string;
  voucher: string;
  onBudget: (text: string) => void;
  onVoucher: (text: string) => void;
  invalid?: 'budget' | 'voucher';
}

/** Budget and largest single voucher, typed in whole asset units. */
export function LimitsFields({ asset, budget, voucher, onBudget, onVoucher, invalid }: Props) {
  const id = useId();
  return (
    <div className="limits">
      <div className="field">
        <label htmlFor={`${id}-budget`}>Budget</label>
        <div className="input-unit">
          <input
            id={`${id}-budget`}
            inputMode="decimal"
            autoComplete="off"
            value={budget}
            onChange={(event) => onBudget(event.target.value)}
            aria-invalid={invalid === 'budget' || undefined}
            aria-describedby={`${id}-budget-hint`}
            data-testid={TID.budgetInput}
          />
          <span aria-hidden="true">{asset.symbol}</span>
        </div>
        <p className="field-hint" id={`${id}-budget-hint`}>
          Total the wallet may sign for this vendor, in {asset.symbol}.
        </p>
      </div>
      <div className="field">
        <label htmlFor={`${id}-voucher`}>Max voucher</label>
        <div className="input-unit">
          <input
            id={`${id}-voucher`}
            inputMode="decimal"
            autoComplete="off"
            value={voucher}
            onChange={(event) => onVoucher(event.target.value)}
            aria-invalid={invalid === 'voucher' || undefined}
            aria-describedby={`${id}-voucher-hint`}
            data-testid={TID.voucherInput}
          />
          <span aria-hidden="true">{asset.symbol}</span>
        </div>
        <p className="field-hint" id={`${id}-voucher-hint`}>
          Largest single voucher, in {asset.symbol}.
        </p>
      </div>
    </div>
  );
}
