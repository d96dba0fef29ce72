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
import { FieldSubmissionBody, type FieldSubmissionInput, type SubmissionResult } from './field.contracts.ts';
import { judgeChanges, proposedChanges, sameValue, unknownMembers } from './field.merge.ts';
import {
  findAssignedHouseholdIds,
  findOthersPendingChanges,
  findSubmissionByClientId,
  findVersionState,
  insertChanges,
  insertSubmission,
  markConflicts,
  type StoredSubmission,
} from './field.repository.ts';

const fieldPurpose = 'field verification';

/** Field officers (their assigned households) and roles that may change personal data in their area. */
function requireFieldWriter(user: SessionUser) {
  if (user.role !== 'field_officer' && !personalDataPolicy[user.role].write)
    throw new AppError('FORBIDDEN', 'This role may not submit field verification visits.');
  return scopeOf(user);
}

class ItemError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly issues: { path: string; message: string }[] = [],
  ) {
    super(message);
  }
}

const resultOf = (
  index: number,
  clientId: string | null,
  status: SubmissionResult['status'],
  stored?: Omit<StoredSubmission, 'officerId'>,
): SubmissionResult => ({
  index,
  clientId,
  status,
  submissionId: stored?.id ?? null,
  clean: stored?.clean ?? 0,
  conflicts: stored?.conflicts ?? [],
  unchanged: stored?.unchangedCount ?? 0,
  error: null,
});

/**
 * Receives a batch of queued visits. Each is checked and stored in its own transaction, so a bad item is reported
 * (with its index and client id) and loses nothing else; results come back in the batch's order.
 */
export async function receiveSubmissions(
  db: Db,
  user: SessionUser,
  items: readonly unknown[],
): Promise<SubmissionResult[]> {
  requireFieldWriter(user);
  const results: SubmissionResult[] = [];
  for (const [index, item] of items.entries()) {
    const parsed = FieldSubmissionBody.safeParse(item);
    const clientId = parsed.success
      ? parsed.data.clientId
      : typeof (item as { clientId?: unknown } | null)?.clientId === 'string'
        ? (item as { clientId: string }).clientId
        : null;
    try {
      if (!parsed.success)
        throw new ItemError(
          'VALIDATION_FAILED',
          'The submission is not valid.',
          parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
        );
      results.push(await receiveOne(db, user, index, parsed.data));
    } catch (error) {
      if (!(error instanceof ItemError)) throw error;
      results.push({
        ...resultOf(index, clientId, 'rejected'),
        error: { code: error.code, message: error.message, issues: error.issues },
      });
    }
  }
  return results;
}

async function receiveOne(
  db: Db,
  user: SessionUser,
  index: number,
  input: FieldSubmissionInput,
): Promise<SubmissionResult> {
  return db.transaction(async (tx) => {
    const earlier = await findSubmissionByClientId(tx, input.clientId);
    if (earlier) return duplicateOf(earlier, user, index, input.clientId);
    // The household row lock serialises every upload and registry change of one household.
    const current = await findHouseholdState(tx, input.householdId, scopeOf(user), { forUpdate: true });
    if (!current)
      throw new ItemError(
        'NOT_ASSIGNED',
        `Household ${input.householdId} is not assigned to you or not in your area.`,
      );
    const base = await baseState(tx, current, input.baseVersion);
    const strangers = unknownMembers(input, base);
    if (strangers.length > 0)
      throw new ItemError(
        'UNKNOWN_MEMBER',
        `Person ${strangers.join(', ')} is not a member of household ${input.householdId} at version ${input.baseVersion}.`,
      );
    const judged = judgeChanges(proposedChanges(input), base, current, user.id);
    const stored = judged.filter((c) => c.state !== 'unchanged');
    // Another officer's pending proposal of another value for the same key: both go to the reviewer.
    const rivals = (
      await findOthersPendingChanges(
        tx,
        input.householdId,
        stored.map((c) => c.key),
        user.id,
      )
    ).filter((r) => stored.some((c) => c.key === r.key && !sameValue(c.proposed, r.proposed)));
    const rivalKeys = new Set(rivals.map((r) => r.key));
    const changes = stored.map((c) => (rivalKeys.has(c.key) ? { ...c, state: 'conflict' as const } : c));
    const submissionId = await insertSubmission(tx, {
      clientId: input.clientId,
      officerId: user.id,
      householdId: input.householdId,
      baseVersion: input.baseVersion,
      outcome: input.outcome,
      notes: input.notes ?? null,
      latitude: input.location?.latitude ?? null,
      longitude: input.location?.longitude ?? null,
      accuracyM: input.location?.accuracyM ?? null,
      capturedAt: new Date(input.capturedAt),
      unchangedCount: judged.length - stored.length,
      payload: input,
    });
    if (submissionId === undefined) {
      const meanwhile = await findSubmissionByClientId(tx, input.clientId);
      return duplicateOf(meanwhile!, user, index, input.clientId);
    }
    await insertChanges(tx, submissionId, input.householdId, changes);
    await markConflicts(
      tx,
      rivals.map((r) => r.id),
    );
    await recordAudit(tx, user, [
      {
        action: 'create',
        subjectType: 'household',
        subjectId: input.householdId,
        regionCode: current.household.kelurahanCode,
        purpose: fieldPurpose,
        details: { submissionId, clientId: input.clientId, outcome: input.outcome },
      },
    ]);
    return resultOf(index, input.clientId, 'accepted', {
      id: submissionId,
      unchangedCount: judged.length - stored.length,
      clean: changes.filter((c) => c.state === 'clean').length,
      conflicts: changes
        .filter((c) => c.state === 'conflict')
        .map((c) => c.key)
        .sort(),
    });
  });
}

function duplicateOf(
  earlier: StoredSubmission,
  user: SessionUser,
  index: number,
  clientId: string,
): SubmissionResult {
  if (earlier.officerId !== user.id)
    throw new ItemError('CLIENT_ID_TAKEN', `Client id ${clientId} belongs to another user's submission.`);
  return resultOf(index, clientId, 'duplicate', earlier);
}

/** The household at the officer's base version: the current state, or the stored snapshot of that version. */
async function baseState(tx: Db, current: HouseholdState, baseVersion: number): Promise<HouseholdState> {
  if (baseVersion === current.household.version) return current;
  const snapshot =
    baseVersion < current.household.version
      ? await findVersionState(tx, current.household.id, baseVersion)
      : undefined;
  if (!snapshot)
    throw new ItemError(
      'UNKNOWN_VERSION',
      `Household ${current.household.id} has no version ${baseVersion} (it is at version ${current.household.version}).`,
    );
  return snapshot;
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
