/**
 * Gatehouse's mark, the gate of app/icon.svg, drawn inline in the theme's colours. A drawing,
 * not the "⛩" character: where no emoji font is installed that rendered as an empty box.
 * Decorative: the brand name beside it is the text.
 */
export function BrandMark({ size = 28 }: { size?: number }) {
  return (
    <svg className="brand-mark" aria-hidden="true" focusable="false" width={size} height={size} viewBox="0 0 64 64">
      <rect width="64" height="64" rx="14" fill="var(--accent)" />
      <path d="M14 24h36M18 24v26M46 24v26M10 18h44" stroke="var(--accent-text)" strokeWidth="6" strokeLinecap="round" />
    </svg>
  );
}
