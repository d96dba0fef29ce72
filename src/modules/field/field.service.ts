/**
 * Field verification (issue 4): officers download their assigned households and upload visits queued on the
 * phone. Each upload is judged field by field (field.merge.ts) and stored for a supervisor's review; a retried
 * upload (same client id) is a no-op that answers as the first did.
 */
import type { Db } from '../../db/client.ts';
import type { SessionUser } from '../../http/context.ts';
import { AppError } from '../../http/errors.ts';
import { personalDataPolicy, scopeOf } from '../access/access.scope.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { findHouseholdState } from '../registry/registry.repository.ts';
import type { HouseholdState } from '../registry/registry.state.ts';
import { FieldSubmissionBody, type SubmissionResult } from './field.contracts.ts';
import { fieldPurpose, ItemError, storeVisit } from './field.intake.ts';
import { findAssignedHouseholdIds } from './field.repository.ts';

/** Field officers (their assigned households) and roles that may change personal data in their area. */
function requireFieldWriter(user: SessionUser) {
  if (user.role !== 'field_officer' && !personalDataPolicy[user.role].write)
    throw new AppError('FORBIDDEN', 'This role may not submit field verification visits.');
  return scopeOf(user);
}

/**
 * Receives a batch of queued visits. Each is checked on its own and stored with the visits arriving at the same
 * time (field.intake.ts), so a bad item is reported (with its index and client id) and loses nothing else;
 * results come back in the batch's order.
 */
export async function receiveSubmissions(
  db: Db,
  user: SessionUser,
  items: readonly unknown[],
): Promise<SubmissionResult[]> {
  requireFieldWriter(user);
  return Promise.all(
    items.map(async (item, index): Promise<SubmissionResult> => {
      const parsed = FieldSubmissionBody.safeParse(item);
      const clientId = parsed.success
        ? parsed.data.clientId
        : typeof (item as { clientId?: unknown } | null)?.clientId === 'string'
          ? (item as { clientId: string }).clientId
          : null;
      const outcome = parsed.success
        ? await storeVisit(db, user, parsed.data)
        : new ItemError(
            'VALIDATION_FAILED',
            'The submission is not valid.',
            parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
          );
      if (outcome instanceof ItemError)
        return {
          index,
          clientId,
          status: 'rejected',
          submissionId: null,
          clean: 0,
          conflicts: [],
          unchanged: 0,
          error: { code: outcome.code, message: outcome.message, issues: outcome.issues },
        };
      const { submission } = outcome;
      return {
        index,
        clientId,
        status: outcome.status,
        submissionId: submission.id,
        clean: submission.clean,
        conflicts: submission.conflicts,
        unchanged: submission.unchangedCount,
        error: null,
      };
    }),
  );
}

/**
 * The households assigned to a field officer, as the phone stores them for offline work: current state and
 * version, one audit row per household.
 */
export async function downloadAssignedHouseholds(db: Db, user: SessionUser): Promise<HouseholdState[]> {
  if (user.role !== 'field_officer')
    throw new AppError('FORBIDDEN', 'Only field officers download assigned households.');
  const scope = scopeOf(user);
  return db.transaction(async (tx) => {
    const ids = await findAssignedHouseholdIds(tx, user.id);
    const states: HouseholdState[] = [];
    for (const id of ids) {
      const state = await findHouseholdState(tx, id, scope);
      if (state) states.push({ ...state, members: state.members.filter((m) => m.endDate === null) });
    }
    await recordAudit(
      tx,
      user,
      states.map((s) => ({
        action: 'read' as const,
        subjectType: 'household' as const,
        subjectId: s.household.id,
        regionCode: s.household.kelurahanCode,
        purpose: `${fieldPurpose} download`,
      })),
    );
    return states;
  });
}
