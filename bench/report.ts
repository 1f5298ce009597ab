export type Row = {
  measure: string;
  api: string;
  baseline: string;
  ratio: string;
  target?: string;
};

/** Prints rows as a Markdown table, so the output can be pasted into RESULTS.md as it is. */
export function table(title: string, rows: Row[], baselineName = 'baseline'): string {
  const header = ['measure', 'API', baselineName, 'ratio', 'target'];
  const cells = rows.map((r) => [r.measure, r.api, r.baseline, r.ratio, r.target ?? '']);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)));
  const line = (c: string[]) =>
    `| ${c.map((v, i) => (i === 0 ? v.padEnd(widths[i] ?? 0) : v.padStart(widths[i] ?? 0))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (i === 0 ? `${'-'.repeat(w + 1)}-` : `${'-'.repeat(w + 1)}:`)).join('|')}|`;
  return [`\n### ${title}\n`, line(header), rule, ...cells.map(line)].join('\n');
}

export const ratio = (a: number, b: number, digits = 2): string =>
  Number.isFinite(a) && Number.isFinite(b) && b !== 0 ? `${(a / b).toFixed(digits)}×` : '-';
