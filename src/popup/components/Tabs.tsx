import { useRef, type KeyboardEvent } from 'react';

export interface TabSpec<T extends string> {
  id: T;
  label: string;
  testId: string;
  badge?: number;
}

interface Props<T extends string> {
  tabs: readonly TabSpec<T>[];
  current: T;
  onSelect: (id: T) => void;
}

/** WAI-ARIA tabs: one tab stop, arrow keys / Home / End move between tabs. */
export function Tabs<T extends string>({ tabs, current, onSelect }: Props<T>) {
  const buttons = useRef<(HTMLButtonElement | null)[]>([]);

  function onKeyDown(event: KeyboardEvent, index: number) {
    const last = tabs.length - 1;
    const next =
      event.key === 'ArrowRight' ? (index === last ? 0 : index + 1)
      : event.key === 'ArrowLeft' ? (index === 0 ? last : index - 1)
      : event.key === 'Home' ? 0
      : event.key === 'End' ? last
      : undefined;
    if (next === undefined) return;
    event.preventDefault();
    onSelect(tabs[next]!.id);
    buttons.current[next]?.focus();
  }

  return (
    <div className="tabs" role="tablist" aria-label="Sections">
      {tabs.map((tab, index) => (
        <button
          key={tab.id}
          ref={(element) => {
            buttons.current[index] = element;
          }}
          type="button"
          role="tab"
          id={`tab-${tab.id}`}
          aria-selected={tab.id === current}
          aria-controls={`tabpanel-${tab.id}`}
          tabIndex={tab.id === current ? 0 : -1}
          className="tab"
          onClick={() => onSelect(tab.id)}
          onKeyDown={(event) => onKeyDown(event, index)}
          data-testid={tab.testId}
        >
          {tab.label}
          {tab.badge ? <span className="badge" aria-label={`${tab.badge} pending`}>{tab.badge}</span> : null}
        </button>
      ))}
    </div>
  );
}
