/**
 * Evidence files (issue 4: the visit's photo, a change request's documents). The type is decided by the file's
 * first bytes — JPEG, PNG or PDF only — never by its name or the declared type; the size is capped; the name the
 * uploader gave is reduced to a display name and never used to store or find the file (the bytes live in the
 * database, under a random id). Upload and download are limited to households in the caller's scope.
 */
import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { SessionUser } from '../../http/context.ts';
import { AppError, notFound, validationError } from '../../http/errors.ts';
import { isRegionInArea, personalDataPolicy, scopeOf } from '../access/access.scope.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { findHouseholdState } from '../registry/registry.repository.ts';
import { evidenceFile, type evidenceTypes } from './field.schema.ts';

/** Largest evidence file accepted: a phone photo after the app's resize, or a scanned document. */
export const maxEvidenceBytes = 5 * 1024 * 1024;

type EvidenceType = (typeof evidenceTypes)[number];

const signatures: { type: EvidenceType; bytes: number[] }[] = [
  { type: 'image/jpeg', bytes: [0xff, 0xd8, 0xff] },
  { type: 'image/png', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { type: 'application/pdf', bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] },
];

/** The evidence type the content is, by its magic bytes; undefined when it is none of them. */
export function sniffEvidenceType(content: Uint8Array): EvidenceType | undefined {
  return signatures.find((s) => s.bytes.every((b, i) => content[i] === b))?.type;
}

/** A display name: the last path segment, without control or reserved characters, at most 120 characters. */
export function safeFileName(name: string): string {
  const base = name.split(/[/\\]/).pop() ?? '';
  const cleaned = [...base]
    .filter((ch) => ch.charCodeAt(0) >= 0x20 && ch.charCodeAt(0) !== 0x7f && !'<>:"|?*'.includes(ch))
    .join('')
    .replace(/^\.+/, '')
    .trim();
  return cleaned.slice(-120) || 'bukti';
}

export interface EvidenceMeta {
  id: string;
  householdId: number | null;
  kelurahanCode: string | null;
  contentType: EvidenceType;
  sizeBytes: number;
  sha256: string;
  fileName: string;
}

/** Field officers (assigned households) and roles that may change personal data in their area. */
function requireEvidenceWriter(user: SessionUser) {
  if (user.role !== 'field_officer' && !personalDataPolicy[user.role].write)
    throw new AppError('FORBIDDEN', 'This role may not upload evidence.');
  return scopeOf(user);
}

/** Checks size and type (by content) and returns what to store; the same rules for every uploader. */
export function checkEvidence(
  content: Uint8Array,
  fileName: string,
  path = 'form.file',
): { contentType: EvidenceType; sha256: string; fileName: string } {
  if (content.byteLength > maxEvidenceBytes)
    throw validationError([{ path, reason: 'too_large', message: 'The file is larger than 5 MB.' }]);
  const contentType = sniffEvidenceType(content);
  if (!contentType)
    throw validationError([
      { path, reason: 'not_allowed_type', message: 'Only JPEG or PNG photos and PDF documents.' },
    ]);
  return {
    contentType,
    sha256: createHash('sha256').update(content).digest('hex'),
    fileName: safeFileName(fileName),
  };
}

/** Inserts a checked file (see `checkEvidence`) and returns its description. */
export async function insertEvidence(
  tx: Db,
  file: ReturnType<typeof checkEvidence> & {
    householdId: number | null;
    kelurahanCode: string;
    uploadedBy: number | null;
    content: Uint8Array;
  },
): Promise<EvidenceMeta> {
  const [row] = await tx
    .insert(evidenceFile)
    .values({ ...file, sizeBytes: file.content.byteLength })
    .returning({ id: evidenceFile.id });
  const { content, uploadedBy: _u, ...meta } = file;
  return { id: row!.id, ...meta, sizeBytes: content.byteLength };
}

/**
 * Stores a file about a household in the caller's scope, or — for a proposed new household, by an area role —
 * about a kelurahan in their area.
 */
export async function storeEvidence(
  db: Db,
  user: SessionUser,
  input: { householdId?: number; kelurahanCode?: string; fileName: string; content: Uint8Array },
): Promise<EvidenceMeta> {
  const scope = requireEvidenceWriter(user);
  const checked = checkEvidence(input.content, input.fileName);
  return db.transaction(async (tx) => {
    let kelurahanCode: string;
    if (input.householdId !== undefined) {
      const state = await findHouseholdState(tx, input.householdId, scope);
      if (!state) throw notFound('Household');
      kelurahanCode = state.household.kelurahanCode;
    } else if (
      input.kelurahanCode &&
      scope.kind === 'region' &&
      isRegionInArea(input.kelurahanCode, scope.regionCode)
    ) {
      kelurahanCode = input.kelurahanCode;
    } else {
      throw validationError([
        {
          path: 'form.householdId',
          reason: 'required',
          message: 'Name the household, or (area roles) the kelurahan of a proposed household.',
        },
      ]);
    }
    const stored = await insertEvidence(tx, {
      ...checked,
      householdId: input.householdId ?? null,
      kelurahanCode,
      uploadedBy: user.id,
      content: input.content,
    });
    await recordAudit(tx, user, [
      {
        action: 'create',
        subjectType: input.householdId === undefined ? 'kelurahan' : 'household',
        subjectId: input.householdId ?? kelurahanCode,
        regionCode: kelurahanCode,
        purpose: 'evidence upload',
        details: { evidenceId: stored.id, contentType: stored.contentType },
      },
    ]);
    return stored;
  });
}

/** Whether the caller may see an evidence file: its household is in scope, or its kelurahan is in their area. */
async function isEvidenceInScope(
  tx: Db,
  scope: ReturnType<typeof scopeOf>,
  row: { householdId: number | null; kelurahanCode: string | null },
): Promise<boolean> {
  if (row.householdId !== null) return (await findHouseholdState(tx, row.householdId, scope)) !== null;
  return (
    scope.kind === 'region' &&
    row.kelurahanCode !== null &&
    isRegionInArea(row.kelurahanCode, scope.regionCode)
  );
}

/** An evidence file in the caller's scope (404 otherwise); each read audited. */
export async function readEvidence(
  db: Db,
  user: SessionUser,
  id: string,
): Promise<EvidenceMeta & { content: Uint8Array }> {
  const scope = scopeOf(user);
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(evidenceFile).where(eq(evidenceFile.id, id));
    if (!row || !(await isEvidenceInScope(tx, scope, row))) throw notFound('Evidence');
    await recordAudit(tx, user, [
      {
        action: 'read',
        subjectType: row.householdId === null ? 'kelurahan' : 'household',
        subjectId: row.householdId ?? row.kelurahanCode,
        regionCode: row.kelurahanCode,
        purpose: 'evidence',
        details: { evidenceId: id },
      },
    ]);
    const { uploadedBy: _u, createdAt: _c, ...meta } = row;
    return meta;
  });
}
