/**
 * A small reader and writer for the comma-separated files the examples exchange with users:
 * labels (`labels.csv`), radiologists' reads (`reads.csv`) and predictions. RFC 4180 quoting
 * (fields in double quotes, `""` for a quote inside), CRLF or LF line ends, a header row.
 */

/** One CSV row, keyed by the header's column names. */
export type CsvRow = Record<string, string>;

/**
 * Parses CSV text with a header row.
 * @param text - The file's contents.
 * @returns One object per data row; blank lines are skipped.
 * @throws Error when a quoted field is not closed or a row has more fields than the header.
 */
export function parseCsv(text: string): CsvRow[] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  let i = 0;
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  while (i < body.length) {
    const ch = body[i];
    if (quoted) {
      if (ch === '"' && body[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (ch === '"') quoted = false;
      else field += ch;
      i++;
      continue;
    }
    if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') {
      record.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      record.push(field);
      field = '';
      if (record.length > 1 || record[0] !== '') records.push(record);
      record = [];
      if (ch === '\r' && body[i + 1] === '\n') i++;
    } else field += ch;
    i++;
  }
  if (quoted)
    throw new Error('CSV: a quoted field is not closed before the end of the file.');
  record.push(field);
  if (record.length > 1 || record[0] !== '') records.push(record);
  if (records.length === 0) return [];
  const header = records[0].map((name) => name.trim());
  return records.slice(1).map((values, r) => {
    if (values.length > header.length) {
      throw new Error(
        `CSV: row ${r + 2} has ${values.length} fields, the header has ${header.length}.`,
      );
    }
    const row: CsvRow = {};
    header.forEach((name, c) => (row[name] = values[c] ?? ''));
    return row;
  });
}

/** Quotes a field when it holds a comma, a quote or a line break. */
function quote(value: string | number): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * Writes rows as CSV text with a header.
 * @param columns - Column names, in order.
 * @param rows - One array of values per row, in column order.
 * @returns The CSV text, LF line ends, ending with a newline.
 */
export function formatCsv(
  columns: readonly string[],
  rows: ReadonlyArray<ReadonlyArray<string | number>>,
): string {
  return [columns, ...rows].map((row) => row.map(quote).join(',')).join('\n') + '\n';
}
