/**
 * Review of field visits (issue 4, part 4): a kelurahan or kecamatan supervisor approves or rejects a pending
 * visit. Approving writes its changes to the registry with the visit's provenance (source `field-verification`,
 * the officer, the time of the visit, the visit as evidence), re-ranks the household and refreshes its
 * eligibility — one registry version, in one transaction. A change someone else made meanwhile, or a conflict
 * flagged on arrival, needs the reviewer's choice: keep the registry's value or take the visit's.
 */
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { SessionUser } from '../../http/context.ts';
import { AppError, notFound } from '../../http/errors.ts';
import { requirePersonalDataWrite } from '../access/access.scope.ts';
import { fileFromFieldVisit } from '../requests/requests.service.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { changeHousehold, type AppliedChange } from '../registry/registry-update.service.ts';
import {
  endMembership,
  findHouseholdState,
  setPersonStatus,
  updatePerson,
} from '../registry/registry.repository.ts';
import type { HouseholdState, ProvenanceEntry } from '../registry/registry.state.ts';
import { sameValue, valueAt } from './field.merge.ts';
import { fieldChange, fieldSubmission } from './field.schema.ts';

export interface ReviewInput {
  decision: 'approve' | 'reject';
  note?: string;
  /** For each key needing a choice: keep the registry's value or take the visit's. */
  resolutions?: Record<string, 'current' | 'proposed'>;
}

export interface ReviewResult {
  submissionId: number;
  status: 'approved' | 'rejected';
  householdId: number;
  version: number;
  applied: string[];
  kept: string[];
  /** Newcomers the visit found, each now a change request for the desk. */
  forwarded: { key: string; changeRequestId: number; trackingCode: string }[];
}

type StoredChange = typeof fieldChange.$inferSelect;
type Submission = typeof fieldSubmission.$inferSelect;

/** The keys to write: each stored change not already held, not superseded and not resolved to the current value. */
function changesToApply(
  submission: Submission,
  changes: readonly StoredChange[],
  state: HouseholdState,
  resolutions: ReviewInput['resolutions'] = {},
): { apply: StoredChange[]; kept: string[] } {
  const apply: StoredChange[] = [];
  const kept: string[] = [];
  const unresolved: string[] = [];
  for (const change of changes) {
    const now = valueAt(state, change.key);
    if (sameValue(now, change.proposedValue) || supersededByOwnLaterVisit(submission, state, change.key)) {
      kept.push(change.key);
      continue;
    }
    const needsChoice = change.state === 'conflict' || !sameValue(now, change.currentValue);
    const choice = needsChoice ? resolutions[change.key] : 'proposed';
    if (choice === undefined) unresolved.push(change.key);
    else if (choice === 'current') kept.push(change.key);
    else apply.push(change);
  }
  if (unresolved.length > 0)
    throw new AppError(
      'CONFLICT',
      `Choose the registry's value or the visit's for: ${unresolved.join(', ')}.`,
      { unresolved },
    );
  return { apply, kept };
}

/** The same officer wrote this key from a visit made later than this one (visits may arrive out of order). */
function supersededByOwnLaterVisit(submission: Submission, state: HouseholdState, key: string): boolean {
  const parts = key.split('.');
  const entry: ProvenanceEntry | undefined =
    parts[0] !== 'members'
      ? state.household.provenance[key]
      : parts.length === 3
        ? state.members.find((m) => m.person.id === Number(parts[1]))?.person.provenance[parts[2]!]
        : undefined;
  return (
    entry?.source === 'field-verification' &&
    entry.actorId === submission.officerId &&
    Date.parse(entry.at) > submission.capturedAt.getTime()
  );
}

/** Approves or rejects a pending visit of a household in the reviewer's area. */
export async function reviewSubmission(
  db: Db,
  user: SessionUser,
  submissionId: number,
  input: ReviewInput,
): Promise<ReviewResult> {
  const scope = requirePersonalDataWrite(user);
  return db.transaction(async (tx) => {
    const [submission] = await tx
      .select()
      .from(fieldSubmission)
      .where(eq(fieldSubmission.id, submissionId))
      .for('update');
    const state =
      submission && (await findHouseholdState(tx, submission.householdId, scope, { forUpdate: true }));
    if (!submission || !state) throw notFound('Field submission');
    if (submission.status !== 'pending')
      throw new AppError('CONFLICT', `Field submission ${submissionId} was already ${submission.status}.`);
    const changes = await tx.select().from(fieldChange).where(eq(fieldChange.submissionId, submissionId));
    let version = state.household.version;
    let applied: string[] = [];
    let kept = changes.map((c) => c.key);
    const forwarded: ReviewResult['forwarded'] = [];
    if (input.decision === 'approve') {
      const plan = changesToApply(submission, changes, state, input.resolutions);
      kept = plan.kept;
      // A newcomer is not written from the visit: the desk registers them from their documents.
      const additions = plan.apply.filter((c) => c.key.startsWith('members.new.'));
      plan.apply = plan.apply.filter((c) => !c.key.startsWith('members.new.'));
      for (const addition of additions) {
        const request = await fileFromFieldVisit(tx, {
          id: submission.id,
          officerId: submission.officerId,
          householdId: submission.householdId,
          kelurahanCode: state.household.kelurahanCode,
          capturedAt: submission.capturedAt,
          member: addition.proposedValue as Record<string, unknown>,
          evidenceIds: (submission.payload as { evidenceIds?: string[] }).evidenceIds ?? [],
        });
        forwarded.push({
          key: addition.key,
          changeRequestId: request.id,
          trackingCode: request.trackingCode,
        });
      }
      if (plan.apply.length > 0) {
        const result = await changeHousehold(
          tx,
          user,
          {
            householdId: submission.householdId,
            scope,
            meta: {
              baseVersion: version,
              source: 'field-verification',
              reason: `field visit ${submission.id}`,
            },
          },
          (inner, current, at) => applyChanges(inner, submission, plan.apply, current, at),
        );
        version = result.version;
        applied = plan.apply.map((c) => c.key);
      }
    }
    const status = input.decision === 'approve' ? 'approved' : 'rejected';
    await tx
      .update(fieldSubmission)
      .set({ status, reviewedBy: user.id, reviewedAt: new Date(), reviewNote: input.note ?? null })
      .where(and(eq(fieldSubmission.id, submissionId), eq(fieldSubmission.status, 'pending')));
    await recordAudit(tx, user, [
      {
        action: 'update',
        subjectType: 'household',
        subjectId: submission.householdId,
        regionCode: state.household.kelurahanCode,
        purpose: 'field verification review',
        details: { submissionId, decision: input.decision, applied, kept, forwarded },
      },
    ]);
    return { submissionId, status, householdId: submission.householdId, version, applied, kept, forwarded };
  });
}

/** Writes the approved keys with the visit's provenance; returns what changeHousehold records. */
async function applyChanges(
  tx: Db,
  submission: Submission,
  changes: readonly StoredChange[],
  state: HouseholdState,
  at: string,
): Promise<AppliedChange> {
  const entry: ProvenanceEntry = {
    source: 'field-verification',
    actorId: submission.officerId,
    at: submission.capturedAt.toISOString(),
    evidence: `field_submission:${submission.id}`,
  };
  const householdSet: Record<string, unknown> = {};
  const personSets = new Map<number, Record<string, unknown>>();
  for (const change of changes) {
    const [head, personId, field] = change.key.split('.');
    if (head !== 'members') householdSet[change.key] = change.proposedValue;
    else if (field !== undefined) {
      const set = personSets.get(Number(personId)) ?? {};
      set[field] = change.proposedValue;
      personSets.set(Number(personId), set);
    } else {
      const leave = change.proposedValue as { left: 'died' | 'moved_out'; date?: string };
      await endMembership(tx, state.household.id, Number(personId), leave.date ?? at.slice(0, 10));
      await setPersonStatus(tx, Number(personId), leave.left === 'died' ? 'deceased' : 'moved_out', {
        status: entry,
      });
    }
  }
  for (const [personId, set] of personSets)
    await updatePerson(tx, personId, {
      set,
      provenance: Object.fromEntries(Object.keys(set).map((f) => [f, entry])),
    });
  return {
    changedFields: changes.map((c) => c.key),
    household: {
      set: householdSet,
      provenance: Object.fromEntries(Object.keys(householdSet).map((f) => [f, entry])),
    },
    audit: {
      action: 'update',
      subjectType: 'household',
      subjectId: state.household.id,
      regionCode: state.household.kelurahanCode,
      purpose: 'field verification review',
      details: { submissionId: submission.id },
    },
  };
}
