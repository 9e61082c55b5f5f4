import { groupThousands } from '../lib/format';
import { TID } from '../testids';

interface Props {
  pageIndex: number;
  pageSize: number;
  shown: number;
  total: number;
  hasMore: boolean;
  onPage: (pageIndex: number) => void;
}

/** Prev / next with "1–50 of 1,234". */
export function Pager({ pageIndex, pageSize, shown, total, hasMore, onPage }: Props) {
  const first = pageIndex * pageSize + 1;
  const last = pageIndex * pageSize + shown;
  const info = shown === 0 ? `0 of ${groupThousands(String(total))}` : `${groupThousands(String(first))}–${groupThousands(String(last))} of ${groupThousands(String(total))}`;
  return (
    <nav className="pager" aria-label="Pages">
      <button type="button" className="btn btn-secondary btn-small" onClick={() => onPage(pageIndex - 1)} disabled={pageIndex === 0} data-testid={TID.pagePrev}>
        ‹ Newer
      </button>
      <span className="pager-info" aria-live="polite" data-testid={TID.pageInfo}>
        {info}
      </span>
      <button type="button" className="btn btn-secondary btn-small" onClick={() => onPage(pageIndex + 1)} disabled={!hasMore} data-testid={TID.pageNext}>
        Older ›
      </button>
    </nav>
  );
}
