/**
 * CSV for the indicator tables, line lists and research extracts (issue #6 §3), written to
 * RFC 4180 (https://www.rfc-editor.org/rfc/rfc4180): records end in CRLF, and a field is quoted
 * when it holds a comma, a double quote, CR or LF, with its quotes doubled. Every record ends in
 * CRLF, the last one too (§2.2 allows either).
 *
 * A UTF-8 byte order mark comes first by default: without it Excel on Windows reads the file as
 * the ANSI code page and "Hải Phòng" turns into mojibake.
 *
 * A cell a spreadsheet would take for a formula (starting with =, +, -, @, tab or CR) gets a single
 * quote in front, as OWASP advises against CSV injection
 * (https://owasp.org/www-community/attacks/CSV_Injection): a nickname or a provider name typed
 * as "=HYPERLINK(…)" must not run on an evaluator's laptop. Numbers are written as numbers, so a
 * negative change stays −3 and not '-3; pass numbers as `number`, not as strings.
 */
export type CsvCell = string | number | null;

export interface CsvOptions {
  /** Start with a UTF-8 byte order mark (U+FEFF). Default true. */
  bom?: boolean;
}

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** One field as RFC 4180 writes it; null is empty. Throws a RangeError for NaN or ±Infinity. */
export function csvField(cell: CsvCell): string {
  if (cell === null) return '';
  if (typeof cell === 'number') {
    if (!Number.isFinite(cell)) throw new RangeError(`Not a finite number for CSV: ${cell}`);
    return String(cell);
  }
  const safe = FORMULA_START.test(cell) ? `'${cell}` : cell;
  return NEEDS_QUOTES.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/**
 * The whole file as a string: the header, then one record per row. Throws a RangeError when a row
 * has a different number of cells than the header (§2.4: each record has the same number of fields).
 */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[], { bom = true }: CsvOptions = {}): string {
  const lines = [header.map(csvField).join(',')];
  rows.forEach((row, i) => {
    if (row.length !== header.length) {
      throw new RangeError(`CSV row ${i + 1} has ${row.length} cells; the header has ${header.length}`);
    }
    lines.push(row.map(csvField).join(','));
  });
  return `${bom ? '\uFEFF' : ''}${lines.join('\r\n')}\r\n`;
}

/** `toCsv` as UTF-8 bytes, for a download or an HTTP body. */
export function csvBytes(header: readonly string[], rows: readonly (readonly CsvCell[])[], options: CsvOptions = {}): Uint8Array {
  return new TextEncoder().encode(toCsv(header, rows, options));
}
