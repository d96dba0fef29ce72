import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { validationError } from '../../http/errors.ts';

/** The cells of one data row, keyed by the lower-cased header, with the line the user sees in their file. */
export interface RawRow {
  line: number;
  cells: Record<string, string>;
}

/** A beneficiary file read into rows: its format, header (normalised) and the non-empty data rows. */
export interface ReadFile {
  format: 'csv' | 'xlsx';
  header: string[];
  rows: RawRow[];
}

const fileIssue = (message: string) =>
  validationError([{ path: 'form.file', reason: 'unreadable', message }], message);

/** Header text as a column key: trimmed, lower case, spaces and dashes as underscores (`Tanggal Mulai` → `tanggal_mulai`). */
export function normaliseHeader(text: string): string {
  return text
    .replace(/^\uFEFF/, '')
    .trim()
    .toLowerCase()
    .replace(/[\s\-.]+/g, '_');
}

/** XLSX by extension or by the ZIP magic bytes `PK`; the old binary `.xls` is refused; everything else is CSV. */
export function detectFormat(fileName: string, bytes: Uint8Array): 'csv' | 'xlsx' {
  const lower = fileName.toLowerCase();
  const isZip = bytes[0] === 0x50 && bytes[1] === 0x4b;
  const isOle = bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0;
  if (isOle || lower.endsWith('.xls'))
    throw fileIssue('Old Excel .xls files are not supported: save the sheet as .xlsx or .csv.');
  return isZip || lower.endsWith('.xlsx') ? 'xlsx' : 'csv';
}

/** Reads a CSV or XLSX beneficiary file; a file that cannot be read at all is a 400 naming `form.file`. */
export async function readBeneficiaryFile(fileName: string, bytes: Uint8Array): Promise<ReadFile> {
  if (bytes.length === 0) throw fileIssue('The file is empty.');
  const format = detectFormat(fileName, bytes);
  const table = format === 'xlsx' ? await readXlsx(bytes) : readCsv(bytes);
  const [head, ...body] = table;
  if (!head || head.cells.every((c) => c.trim() === '')) throw fileIssue('The file has no header row.');
  const header = head.cells.map(normaliseHeader);
  const rows = body
    .filter((r) => r.cells.some((c) => c.trim() !== ''))
    .map((r) => ({
      line: r.line,
      cells: Object.fromEntries(
        header.map((h, i) => [h, (r.cells[i] ?? '').trim()] as const).filter(([h]) => h !== ''),
      ),
    }));
  if (rows.length === 0) throw fileIssue('The file has a header but no data rows.');
  return { format, header, rows };
}

interface TableRow {
  line: number;
  cells: string[];
}

/** `;` (Excel's CSV in Indonesian locales) or `,`, whichever the header line uses more. */
export function detectDelimiter(text: string): ';' | ',' {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  return (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
}

function readCsv(bytes: Uint8Array): TableRow[] {
  const text = new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, '');
  try {
    const records = parse(text, {
      delimiter: detectDelimiter(text),
      bom: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      info: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
    return records.map(({ record, info }) => ({ line: info.lines, cells: record }));
  } catch (error) {
    throw fileIssue(`The CSV cannot be read: ${(error as Error).message}`);
  }
}

async function readXlsx(bytes: Uint8Array): Promise<TableRow[]> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes) as never);
  } catch {
    throw fileIssue('The file looks like XLSX but cannot be opened as a workbook.');
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw fileIssue('The workbook has no worksheet.');
  const rows: TableRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, line) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, column) => {
      cells[column - 1] = cellText(cell.value);
    });
    rows.push({ line, cells: Array.from(cells, (c) => c ?? '') });
  });
  return rows;
}

/** The text of an XLSX cell: dates as ISO days, numbers in full (a 16-digit NIK fits a double exactly). */
export function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'number') return Number.isInteger(value) ? value.toFixed(0) : String(value);
  if (typeof value !== 'object') return String(value);
  if ('richText' in value) return value.richText.map((t) => t.text).join('');
  if ('result' in value) return cellText(value.result);
  if ('text' in value) return String(value.text);
  return '';
}
