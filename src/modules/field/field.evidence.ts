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
import { personalDataPolicy, scopeOf } from '../access/access.scope.ts';
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
  householdId: number;
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

export async function storeEvidence(
  db: Db,
  user: SessionUser,
  input: { householdId: number; fileName: string; content: Uint8Array },
): Promise<EvidenceMeta> {
  const scope = requireEvidenceWriter(user);
  if (input.content.byteLength > maxEvidenceBytes)
    throw validationError([
      { path: 'form.file', reason: 'too_large', message: 'The file is larger than 5 MB.' },
    ]);
  const contentType = sniffEvidenceType(input.content);
  if (!contentType)
    throw validationError([
      {
        path: 'form.file',
        reason: 'not_allowed_type',
        message: 'Only JPEG or PNG photos and PDF documents.',
      },
    ]);
  const sha256 = createHash('sha256').update(input.content).digest('hex');
  const fileName = safeFileName(input.fileName);
  return db.transaction(async (tx) => {
    const state = await findHouseholdState(tx, input.householdId, scope);
    if (!state) throw notFound('Household');
    const [row] = await tx
      .insert(evidenceFile)
      .values({
        householdId: input.householdId,
        uploadedBy: user.id,
        contentType,
        sizeBytes: input.content.byteLength,
        sha256,
        fileName,
        content: input.content,
      })
      .returning({ id: evidenceFile.id });
    await recordAudit(tx, user, [
      {
        action: 'create',
        subjectType: 'household',
        subjectId: input.householdId,
        regionCode: state.household.kelurahanCode,
        purpose: 'field verification evidence',
        details: { evidenceId: row!.id, contentType },
      },
    ]);
    return {
      id: row!.id,
      householdId: input.householdId,
      contentType,
      sizeBytes: input.content.byteLength,
      sha256,
      fileName,
    };
  });
}

/** An evidence file of a household in the caller's scope (404 otherwise); each read audited. */
export async function readEvidence(
  db: Db,
  user: SessionUser,
  id: string,
): Promise<EvidenceMeta & { content: Uint8Array }> {
  const scope = scopeOf(user);
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(evidenceFile).where(eq(evidenceFile.id, id));
    const state = row && (await findHouseholdState(tx, row.householdId, scope));
    if (!row || !state) throw notFound('Evidence');
    await recordAudit(tx, user, [
      {
        action: 'read',
        subjectType: 'household',
        subjectId: row.householdId,
        regionCode: state.household.kelurahanCode,
        purpose: 'field verification evidence',
        details: { evidenceId: id },
      },
    ]);
    return {
      id: row.id,
      householdId: row.householdId,
      contentType: row.contentType,
      sizeBytes: row.sizeBytes,
      sha256: row.sha256,
      fileName: row.fileName,
      content: row.content,
    };
  });
}
