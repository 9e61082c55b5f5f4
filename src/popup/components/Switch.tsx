interface Props {
  checked: boolean;
  label: string;
  onChange: (checked: boolean) => void;
  disabled?: boolean;
  testId?: string;
}

/** An on/off switch: a real button with role="switch", so Space and Enter work. */
export function Switch({ checked, label, onChange, disabled, testId }: Props) {
  return (
    <button
      type="button"
      role="switch"
      aria-checked={checked}
      aria-label={label}
      className={`switch${checked ? ' switch-on' : ''}`}
      onClick={() => onChange(!checked)}
      disabled={disabled}
      data-testid={testId}
    >
      <span className="switch-thumb" aria-hidden="true" />
    </button>
  );
}
