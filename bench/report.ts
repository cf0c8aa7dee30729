/** How bench figures are printed and saved. */
import fs from 'node:fs';

export interface Figure {
  name: string;
  /** Human-readable absolute numbers, for context only. */
  value: string;
  /** The figure that counts: a ratio to a baseline measured in the same run. */
  ratio: number;
  target: string;
  ok: boolean;
}

export function printFigures(figures: Figure[]): void {
  const rows = figures.map((f) => [f.name, `${f.ratio.toFixed(2)}x`, f.target, f.ok ? 'ok' : 'MISSED', f.value]);
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const r of rows) console.log(r.map((c, i) => c.padEnd(widths[i]!)).join('  '));
  fs.mkdirSync('bench/results', { recursive: true });
  fs.writeFileSync('bench/results/latest.json', JSON.stringify(figures, null, 2));
}
