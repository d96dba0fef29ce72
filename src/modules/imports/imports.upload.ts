/**
 * Web uploads of an extract (`POST /imports`): each file is checked before anything is stored — size, type by
 * extension and by content, a readable header with the required columns — and then written under the data
 * folder with a generated name (the client's file name never reaches a path). The files live only until the
 * import has staged them.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { validationError, type FieldIssue } from '../../http/errors.ts';
import { resolveHeader, type ImportFileKind } from './imports.mapping.ts';
import { readSource } from './imports.reader.ts';

export type UploadFormat = 'csv' | 'xlsx';

/** One uploaded file, read into memory by the multipart parser. */
export interface UploadedFile {
  /** The form field it came in (`householdFile`, `personFile`), for error paths. */
  field: string;
  kind: ImportFileKind;
  fileName: string;
  bytes: Uint8Array;
}

/** A checked upload: its format and fingerprint (for the audit log). */
export interface CheckedFile extends UploadedFile {
  format: UploadFormat;
  sha256: string;
}

/**
 * The folder where uploads wait for their import: inside the configured data folder, or, with an in-memory database,
 * a folder of this process in the system's temporary folder.
 */
export const uploadFolder = (dataDir: string) =>
  dataDir.startsWith('memory://')
    ? path.join(os.tmpdir(), `tepat-imports-${process.pid}`)
    : path.join(dataDir, 'imports');

const megabytes = (bytes: number) => `${Math.round(bytes / (1024 * 1024))} MB`;

/** Bytes that start a ZIP archive (XLSX is one), an old binary Office file, a PDF, or an executable. */
const isZip = (b: Uint8Array) => b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;
const isBinaryDocument = (b: Uint8Array) =>
  (b[0] === 0xd0 && b[1] === 0xcf && b[2] === 0x11 && b[3] === 0xe0) ||
  (b[0] === 0x25 && b[1] === 0x50 && b[2] === 0x44 && b[3] === 0x46) ||
  (b[0] === 0x7f && b[1] === 0x45 && b[2] === 0x4c && b[3] === 0x46) ||
  (b[0] === 0x4d && b[1] === 0x5a);

/** True when the first 64 KiB are UTF-8 text without NUL bytes (a CSV; a cut last character is allowed). */
function looksLikeText(bytes: Uint8Array): boolean {
  const head = bytes.subarray(0, 64 * 1024);
  if (head.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
    return true;
  } catch {
    return false;
  }
}

/** The issues of one file's type and content, without reading its rows. */
function typeIssues(file: UploadedFile, maxBytes: number): { format?: UploadFormat; issues: FieldIssue[] } {
  const at = `form.${file.field}`;
  const issue = (reason: string, message: string) => ({ issues: [{ path: at, reason, message }] });
  if (file.bytes.length === 0) return issue('empty', 'The file is empty.');
  if (file.bytes.length > maxBytes)
    return issue(
      'too_large',
      `The file is larger than ${megabytes(maxBytes)}: use the command line (tepat import) for larger extracts.`,
    );
  const extension = path.extname(file.fileName).toLowerCase();
  if (extension !== '.csv' && extension !== '.xlsx')
    return issue('file_type', 'Upload a .csv or .xlsx file (old .xls workbooks: save them as .xlsx).');
  if (extension === '.xlsx' && !isZip(file.bytes))
    return issue('content_mismatch', 'The file is named .xlsx but is not an Excel workbook.');
  if (
    extension === '.csv' &&
    (isZip(file.bytes) || isBinaryDocument(file.bytes) || !looksLikeText(file.bytes))
  )
    return issue('content_mismatch', 'The file is named .csv but is not UTF-8 text.');
  return { format: extension === '.csv' ? 'csv' : 'xlsx', issues: [] };
}

/** The header row must carry every required column of its kind (the sheet named for it, in a workbook). */
async function headerIssues(file: UploadedFile): Promise<FieldIssue[]> {
  const at = `form.${file.field}`;
  try {
    for await (const first of readSource(file.bytes, file.kind)) {
      const { missing } = resolveHeader(file.kind, first.cells);
      if (missing.length === 0) return [];
      return [
        {
          path: at,
          reason: 'missing_columns',
          message: `The ${file.kind} file lacks required columns: ${missing.join(', ')}. Start from the template.`,
        },
      ];
    }
    return [{ path: at, reason: 'empty', message: 'The file has no header row.' }];
  } catch (error) {
    return [
      { path: at, reason: 'unreadable', message: `The file cannot be read: ${(error as Error).message}` },
    ];
  }
}

/**
 * Checks every file (all problems at once, each naming its form field); throws a 400 when any is refused.
 * Nothing is written before every file passes.
 */
export async function checkUploads(files: UploadedFile[], maxBytes: number): Promise<CheckedFile[]> {
  const issues: FieldIssue[] = [];
  const checked: CheckedFile[] = [];
  for (const file of files) {
    const typed = typeIssues(file, maxBytes);
    const problems = typed.format ? await headerIssues(file) : typed.issues;
    if (problems.length > 0 || !typed.format) {
      issues.push(...problems);
      continue;
    }
    const sha256 = createHash('sha256').update(file.bytes).digest('hex');
    checked.push({ ...file, format: typed.format, sha256 });
  }
  if (issues.length > 0) throw validationError(issues, issues.map((i) => i.message).join(' '));
  return checked;
}

/** Writes the checked files under the data folder with generated names (owner-only); returns their paths. */
export async function storeUploads(dataDir: string, files: CheckedFile[]): Promise<string[]> {
  const folder = uploadFolder(dataDir);
  await mkdir(folder, { recursive: true, mode: 0o700 });
  const written: string[] = [];
  try {
    for (const file of files) {
      const target = path.join(folder, `${randomUUID()}.${file.format}`);
      await writeFile(target, file.bytes, { mode: 0o600, flag: 'wx' });
      written.push(target);
    }
    return written;
  } catch (error) {
    await removeUploads(written);
    throw error;
  }
}

/** Deletes uploaded files (once staged, or when the upload is refused). */
export async function removeUploads(paths: readonly string[]): Promise<void> {
  await Promise.all([...new Set(paths)].map((p) => rm(p, { force: true })));
}
