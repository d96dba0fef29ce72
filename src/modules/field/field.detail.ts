/**
 * One field visit as the reviewer opens it (issue 4, part 7): what the officer found, their notes, location and
 * photos, and each proposed change beside the value at the officer's base version, on arrival and now — with
 * whether the reviewer must choose (a conflict on arrival, or a change made since). Names the household's
 * members, so each read is audited.
 */
import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { SessionUser } from '../../http/context.ts';
import { notFound } from '../../http/errors.ts';
import { requirePersonalDataWrite } from '../access/access.scope.ts';
import { appUser } from '../access/access.schema.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { findHouseholdState } from '../registry/registry.repository.ts';
import type { HouseholdState } from '../registry/registry.state.ts';
import { reviewDays } from './field.inbox.ts';
import { sameValue, valueAt } from './field.merge.ts';
import { evidenceFile, fieldChange, fieldSubmission, type submissionStatuses } from './field.schema.ts';

export interface SubmissionChangeDetail {
  key: string;
  /** The member a `members.<personId>…` key is about (null for household fields and added members). */
  memberName: string | null;
  /** The person field (`occupation`), the household field (`hasCar`) or null for a member leaving or added. */
  field: string | null;
  state: 'clean' | 'conflict';
  baseValue: unknown;
  /** The registry's value when the visit arrived. */
  arrivalValue: unknown;
  /** The registry's value now. */
  currentValue: unknown;
  proposedValue: unknown;
  /** The registry already holds the proposed value: approving changes nothing for this key. */
  alreadyHeld: boolean;
  /** Approval needs `resolutions[key]`: flagged as a conflict, or changed in the registry since arrival. */
  needsChoice: boolean;
}

export interface SubmissionDetail {
  submissionId: number;
  householdId: number;
  kkNumber: string;
  kelurahanCode: string;
  address: string;
  householdVersion: number;
  baseVersion: number;
  officerName: string;
  status: (typeof submissionStatuses)[number];
  outcome: string;
  notes: string | null;
  location: { latitude: number; longitude: number; accuracyM: number | null } | null;
  capturedAt: string;
  receivedAt: string;
  dueAt: string;
  reviewNote: string | null;
  evidence: { id: string; contentType: string; fileName: string }[];
  changes: SubmissionChangeDetail[];
}

/** The member name and field a change key names. */
function describeKey(
  state: HouseholdState,
  key: string,
): { memberName: string | null; field: string | null } {
  const [head, personId, field] = key.split('.');
  if (head !== 'members') return { memberName: null, field: key };
  if (personId === 'new') return { memberName: null, field: null };
  const member = state.members.find((m) => m.person.id === Number(personId));
  return { memberName: member?.person.name ?? null, field: field ?? null };
}

/** The evidence ids a visit names (kept in its stored payload). */
function evidenceIdsOf(payload: unknown): string[] {
  const ids = (payload as { evidenceIds?: unknown } | null)?.evidenceIds;
  return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : [];
}

/** A visit of a household in the reviewer's area (404 otherwise), with its changes; audited. */
export async function readSubmission(
  db: Db,
  user: SessionUser,
  submissionId: number,
): Promise<SubmissionDetail> {
  const scope = requirePersonalDataWrite(user);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({ submission: fieldSubmission, officerName: appUser.displayName })
      .from(fieldSubmission)
      .innerJoin(appUser, eq(appUser.id, fieldSubmission.officerId))
      .where(eq(fieldSubmission.id, submissionId));
    const state = row && (await findHouseholdState(tx, row.submission.householdId, scope));
    if (!row || !state) throw notFound('Field submission');
    const s = row.submission;
    const changes = await tx
      .select()
      .from(fieldChange)
      .where(eq(fieldChange.submissionId, submissionId))
      .orderBy(fieldChange.id);
    const evidenceIds = evidenceIdsOf(s.payload);
    const evidence =
      evidenceIds.length === 0
        ? []
        : await tx
            .select({
              id: evidenceFile.id,
              contentType: evidenceFile.contentType,
              fileName: evidenceFile.fileName,
            })
            .from(evidenceFile)
            .where(and(inArray(evidenceFile.id, evidenceIds), eq(evidenceFile.householdId, s.householdId)));
    await recordAudit(tx, user, [
      {
        action: 'read',
        subjectType: 'household',
        subjectId: s.householdId,
        regionCode: state.household.kelurahanCode,
        purpose: 'field verification review',
        details: { submissionId },
      },
    ]);
    return {
      submissionId: s.id,
      householdId: s.householdId,
      kkNumber: state.household.kkNumber,
      kelurahanCode: state.household.kelurahanCode,
      address: state.household.address,
      householdVersion: state.household.version,
      baseVersion: s.baseVersion,
      officerName: row.officerName,
      status: s.status,
      outcome: s.outcome,
      notes: s.notes,
      location:
        s.latitude === null || s.longitude === null
          ? null
          : { latitude: s.latitude, longitude: s.longitude, accuracyM: s.accuracyM },
      capturedAt: s.capturedAt.toISOString(),
      receivedAt: s.receivedAt.toISOString(),
      dueAt: new Date(s.receivedAt.getTime() + reviewDays * 86_400_000).toISOString(),
      reviewNote: s.reviewNote,
      evidence,
      changes: changes.map((c) => {
        const now = valueAt(state, c.key);
        const alreadyHeld = sameValue(now, c.proposedValue);
        return {
          key: c.key,
          ...describeKey(state, c.key),
          state: c.state,
          baseValue: c.baseValue,
          arrivalValue: c.currentValue,
          currentValue: now,
          proposedValue: c.proposedValue,
          alreadyHeld,
          needsChoice: !alreadyHeld && (c.state === 'conflict' || !sameValue(now, c.currentValue)),
        };
      }),
    };
  });
}
