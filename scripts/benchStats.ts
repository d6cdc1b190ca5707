/** Median of a list of numbers (NaN for none). */
export function median(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** "×1.00"-style ratio to a reference (— when either is missing). */
export function ratio(value: number, reference: number): string {
  return Number.isFinite(value) && Number.isFinite(reference) && reference > 0 ? `×${(value / reference).toFixed(2)}` : '—';
}

/** Fixed-width text table. */
export function table(header: string[], rows: (string | number)[][]): string {
  const cells = [header, ...rows.map((r) => r.map((c) => (typeof c === 'number' ? (Number.isFinite(c) ? c.toFixed(1) : '—') : c)))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => String(r[i] ?? '').length)));
  return cells.map((r, j) => {
    const line = r.map((c, i) => String(c).padStart(widths[i]!)).join('  ');
    return j === 0 ? `${line}\n${widths.map((w) => '-'.repeat(w)).join('  ')}` : line;
  }).join('\n');
}
