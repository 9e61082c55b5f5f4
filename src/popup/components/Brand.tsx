/** The wallet's mark and name, drawn inline so the popup loads nothing from the network. */
export function Brand({ size = 28 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden="true" className="brand-mark">
      <rect x="2" y="6" width="28" height="20" rx="5" fill="var(--accent)" />
      <path d="M2 13h28" stroke="#fff" strokeOpacity=".35" strokeWidth="2" />
      <circle cx="23" cy="19.5" r="3" fill="#fff" />
    </svg>
  );
}
