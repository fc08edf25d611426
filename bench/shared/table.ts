/** A number with `digits` decimals, or '-' when there is none (NaN, Infinity). */
export const fixed = (value: number, digits: number) => (Number.isFinite(value) ? value.toFixed(digits) : '-');

/**
 * A Markdown table (readable as text, pasteable into the README): the first `textColumns` columns left-aligned,
 * the others (figures) right-aligned.
 */
export function formatTable(header: string[], lines: string[][], textColumns = 1): string {
  const widths = header.map((title, column) => Math.max(title.length, ...lines.map((line) => (line[column] ?? '').length)));
  const format = (cells: string[]) =>
    `| ${widths.map((width, column) => (column < textColumns ? (cells[column] ?? '').padEnd(width) : (cells[column] ?? '').padStart(width))).join(' | ')} |`;
  const rule = `|${widths.map((width, column) => (column < textColumns ? `${'-'.repeat(width + 1)}-` : `${'-'.repeat(width + 1)}:`)).join('|')}|`;
  return [format(header), rule, ...lines.map(format)].join('\n');
}

/** One goal's line: reached or MISSED, and what was measured against what was wanted. */
export const goalLine = (reached: boolean, text: string) => `${reached ? 'reached' : 'MISSED '}  ${text}`;
