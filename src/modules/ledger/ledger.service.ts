import type { Db } from '../../db/client.ts';
import type { SessionUser } from '../../http/context.ts';
import { AppError, notFound } from '../../http/errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { findProgram } from '../programs/programs.repository.ts';
import { loadRegionPrefixes } from '../regions/region-codes.ts';
import { todayInJakarta } from '../welfare/welfare.features.ts';
import { actsForProvider, providerFor, type Provider } from './ledger.access.ts';
import { readBeneficiaryFile } from './ledger.file.ts';
import { matchUploadRows, type LoadableUnit, type MatchOutcome } from './ledger.matching.ts';
import { capEntries, presentUpload, type UploadReport } from './ledger.presenter.ts';
import {
  findUpload,
  insertEnrolments,
  insertUpload,
  setRowsLoaded,
  type NewUpload,
} from './ledger.repository.ts';
import type { UploadMode, UploadRowError } from './ledger.schema.ts';
import { resolveColumns, validateRows } from './ledger.upload.ts';

/** At most this many errors (and unmatched rows) are stored and returned; the count covers all of them. */
export const reportCap = 1000;

export interface UploadRequest {
  fileName: string;
  bytes: Uint8Array;
  mode: UploadMode;
  startDate?: string;
}

/** Refuses (404) an unknown program; returns it. */
async function requireProgram(db: Db, code: string) {
  const program = await findProgram(db, code);
  if (!program) throw notFound(`Program ${code}`);
  return program;
}

/**
 * Loads a beneficiary list (CSV or XLSX) into the enrolment ledger. Rows are checked in the file, matched to the
 * registry in one statement, and loaded in one transaction with the stored report: `all_or_nothing` loads nothing
 * when any row is bad or unmatched, `valid_only` loads the good rows. Units already openly enrolled by the same
 * provider are counted, not duplicated. Every enrolled household is audited.
 */
export async function uploadBeneficiaries(
  db: Db,
  user: SessionUser,
  code: string,
  request: UploadRequest,
): Promise<UploadReport> {
  const program = await requireProgram(db, code);
  const provider = providerFor(user, program);
  const file = await readBeneficiaryFile(request.fileName, request.bytes);
  const today = todayInJakarta();
  const checked = validateRows(file.rows, file.header, {
    unit: program.unit,
    prefixes: loadRegionPrefixes(),
    defaultStartDate: request.startDate ?? today,
  });
  const matched = await matchUploadRows(db, program.unit, checked.candidates, resolveColumns(file.header));
  const errors = [...checked.errors, ...matched.errors].sort((a, b) => a.line - b.line);
  const upload = buildUploadRow({ code, provider, user, request, file, errors, matched });
  const units = upload.status === 'rejected' ? [] : matched.units;
  const uploadId = await storeUpload(db, user, { upload, provider, today, units });
  return presentUpload((await findUpload(db, code, uploadId))!);
}

/**
 * The report row of an upload. `all_or_nothing` loads only a spotless file; `valid_only` loads the good rows
 * (and is rejected only when there is none).
 */
function buildUploadRow(input: {
  code: string;
  provider: Provider;
  user: SessionUser;
  request: UploadRequest;
  file: { format: 'csv' | 'xlsx'; rows: unknown[] };
  errors: UploadRowError[];
  matched: MatchOutcome;
}): NewUpload {
  const { errors, matched, request } = input;
  const spotless = errors.length === 0 && matched.unmatched.length === 0;
  const status = spotless
    ? 'loaded'
    : request.mode === 'valid_only' && matched.units.length > 0
      ? 'partially_loaded'
      : 'rejected';
  return {
    programCode: input.code,
    ...input.provider,
    fileName: request.fileName.slice(0, 255),
    format: input.file.format,
    mode: request.mode,
    status,
    rowsTotal: input.file.rows.length,
    rowsValid: matched.units.length,
    rowsLoaded: 0,
    errors: capEntries(errors, reportCap, (more) => ({
      line: 0,
      column: '*',
      value: String(more),
      reason: `truncated: ${more} further errors not listed`,
    })),
    unmatched: capEntries(matched.unmatched, reportCap, (more) => ({ line: 0, value: String(more) })),
    createdBy: input.user.id,
  };
}

/** Stores the report and the enrolments in ONE transaction: a process killed mid-load leaves nothing. */
async function storeUpload(
  db: Db,
  user: SessionUser,
  work: {
    upload: NewUpload;
    provider: Provider;
    today: string;
    units: LoadableUnit[];
  },
): Promise<number> {
  return db.transaction(async (tx) => {
    const uploadId = await insertUpload(tx, work.upload);
    if (work.units.length === 0) return uploadId;
    const inserted = await insertEnrolments(tx, {
      programCode: work.upload.programCode,
      ...work.provider,
      uploadId,
      today: work.today,
      rows: work.units.map(({ householdId, personId, startDate, status }) => ({
        householdId,
        personId,
        startDate,
        status,
      })),
    });
    await setRowsLoaded(tx, uploadId, inserted.length);
    const kelurahanOf = new Map(work.units.map((u) => [u.householdId, u.kelurahanCode]));
    const households = [...new Set(inserted.map((r) => r.householdId))];
    await recordAudit(
      tx,
      user,
      households.map((householdId) => ({
        action: 'create' as const,
        subjectType: 'household' as const,
        subjectId: householdId,
        regionCode: kelurahanOf.get(householdId) ?? null,
        purpose: 'beneficiary upload',
        details: { program: work.upload.programCode, uploadId, provider: work.provider.provider },
      })),
    );
    return uploadId;
  });
}

/** A stored upload report, for the secretariat or the provider that uploaded it. */
export async function getUploadReport(db: Db, user: SessionUser, code: string, id: number) {
  const upload = await findUpload(db, code, id);
  if (!upload) throw notFound(`Upload ${id} of program ${code}`);
  if (user.role !== 'secretariat' && !actsForProvider(user, upload))
    throw new AppError('FORBIDDEN', 'Only the secretariat and the uploading organisation see this report.');
  return upload;
}

/** A stored upload's report as presented by the API. */
export async function getUpload(db: Db, user: SessionUser, code: string, id: number): Promise<UploadReport> {
  return presentUpload(await getUploadReport(db, user, code, id));
}
