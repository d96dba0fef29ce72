/**
 * Group commit of field visits. Visits that arrive together — one upload's items, and the uploads of many officers
 * at the same moment — are judged and stored together: one transaction with a few set-based statements and one
 * extension of the audit chain for the whole group, instead of a dozen round trips and a chain lock per visit.
 *
 * What each visit keeps: its household is row-locked (all of the group's, in id order) while it is judged and
 * stored; a household or client id appears at most once in a group, so two visits of one household are judged one
 * after the other in arrival order (the later group sees the earlier one's changes) and a retry answers as the
 * first did; an item's own faults (not assigned, unknown version or member, another user's client id) are found
 * before anything is written and reject that item only; when the group's transaction fails for another reason,
 * each of its visits is stored again on its own, so one bad visit loses nothing else.
 */
import type { Db } from '../../db/client.ts';
import type { SessionUser } from '../../http/context.ts';
import { scopeOf } from '../access/access.scope.ts';
import { appendToAuditChain } from '../audit/audit.service.ts';
import { findHouseholdRecords } from '../registry/registry.repository.ts';
import type { HouseholdState } from '../registry/registry.state.ts';
import type { FieldSubmissionInput } from './field.contracts.ts';
import {
  judgeChanges,
  proposedChanges,
  sameValue,
  unknownMembers,
  type JudgedChange,
} from './field.merge.ts';
import {
  findMembersAndRivals,
  findSubmissionsByClientIds,
  findVersionStates,
  insertSubmissions,
  type StoredSubmission,
} from './field.repository.ts';

export const fieldPurpose = 'field verification';

/** A fault of one visit: it is rejected with this code, and nothing of it is stored. */
export class ItemError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly issues: { path: string; message: string }[] = [],
  ) {
    super(message);
  }
}

/** A visit stored now (`accepted`) or by an earlier upload (`duplicate`), with its change counts. */
export interface StoredVisit {
  status: 'accepted' | 'duplicate';
  submission: Pick<StoredSubmission, 'id' | 'unchangedCount' | 'clean' | 'conflicts'>;
}

type Outcome = StoredVisit | ItemError;

interface Visit {
  user: SessionUser;
  input: FieldSubmissionInput;
  /** The client id in lower case, as the database returns uuids. */
  clientId: string;
  settle: (outcome: Outcome) => void;
  fail: (error: unknown) => void;
}

/**
 * At most this many visits in one transaction, and this many transactions at a time. Two at a time, not three:
 * with 50 phones uploading, three made groups of about four visits (more round trips per visit); the field bench
 * sustained 620–720 uploads/s with three and 770–870 with two (one gave 760).
 */
const maxGroup = 200;
const maxGroupsAtOnce = 2;

/** The visits of one database waiting for a group, and the households and client ids of the groups being stored. */
class VisitWriter {
  private queue: Visit[] = [];
  private storing = 0;
  private readonly busyHouseholds = new Set<number>();
  private readonly busyClientIds = new Set<string>();

  constructor(private readonly db: Db) {}

  store(user: SessionUser, input: FieldSubmissionInput): Promise<Outcome> {
    return new Promise((settle, fail) => {
      this.queue.push({ user, input, clientId: input.clientId.toLowerCase(), settle, fail });
      this.pump();
    });
  }

  /** Starts groups while there is room; the visits that arrive meanwhile make up the next groups. */
  private pump() {
    while (this.storing < maxGroupsAtOnce) {
      const group = this.takeGroup();
      if (group.length === 0) return;
      this.storing++;
      for (const visit of group) {
        this.busyHouseholds.add(visit.input.householdId);
        this.busyClientIds.add(visit.clientId);
      }
      void this.storeGroup(group).finally(() => {
        for (const visit of group) {
          this.busyHouseholds.delete(visit.input.householdId);
          this.busyClientIds.delete(visit.clientId);
        }
        this.storing--;
        this.pump();
      });
    }
  }

  /**
   * The waiting visits, in arrival order, whose household and client id are neither in the group already nor
   * being stored; the others wait, and hold back the later visits of their household and client id too.
   */
  private takeGroup(): Visit[] {
    const households = new Set(this.busyHouseholds);
    const clientIds = new Set(this.busyClientIds);
    const group: Visit[] = [];
    const later: Visit[] = [];
    for (const visit of this.queue) {
      const free =
        group.length < maxGroup && !households.has(visit.input.householdId) && !clientIds.has(visit.clientId);
      (free ? group : later).push(visit);
      households.add(visit.input.householdId);
      clientIds.add(visit.clientId);
    }
    this.queue = later;
    return group;
  }

  private async storeGroup(group: Visit[]): Promise<void> {
    let outcomes: Outcome[];
    try {
      outcomes = await this.db.transaction((tx) => storeVisits(tx, group));
    } catch (error) {
      if (group.length === 1) group[0]!.fail(error);
      else for (const visit of group) await this.storeGroup([visit]);
      return;
    }
    group.forEach((visit, i) => visit.settle(outcomes[i]!));
  }
}

const writers = new WeakMap<Db, VisitWriter>();

/**
 * Judges and stores one visit with the others arriving at the same time (see the module comment); settles after
 * the commit, with the visit's outcome or the fault that rejects it.
 */
export function storeVisit(db: Db, user: SessionUser, input: FieldSubmissionInput): Promise<Outcome> {
  let writer = writers.get(db);
  if (!writer) writers.set(db, (writer = new VisitWriter(db)));
  return writer.store(user, input);
}

function duplicateOf(earlier: StoredSubmission, visit: Visit): Outcome {
  if (earlier.officerId !== visit.user.id)
    return new ItemError(
      'CLIENT_ID_TAKEN',
      `Client id ${visit.input.clientId} belongs to another user's submission.`,
    );
  return { status: 'duplicate', submission: earlier };
}

/** The household at the officer's base version: the current state, or the stored snapshot of that version. */
function baseState(
  current: HouseholdState,
  baseVersion: number,
  snapshots: Map<string, HouseholdState>,
): HouseholdState {
  if (baseVersion === current.household.version) return current;
  const snapshot = snapshots.get(`${current.household.id}@${baseVersion}`);
  if (!snapshot)
    throw new ItemError(
      'UNKNOWN_VERSION',
      `Household ${current.household.id} has no version ${baseVersion} (it is at version ${current.household.version}).`,
    );
  return snapshot;
}

/** A visit's proposed changes judged against its base version and the household now (field.merge.ts). */
function judge(
  visit: Visit,
  current: HouseholdState | undefined,
  snapshots: Map<string, HouseholdState>,
): { changes: JudgedChange[]; unchanged: number } {
  const { input } = visit;
  if (!current)
    throw new ItemError(
      'NOT_ASSIGNED',
      `Household ${input.householdId} is not assigned to you or not in your area.`,
    );
  const base = baseState(current, input.baseVersion, snapshots);
  const strangers = unknownMembers(input, base);
  if (strangers.length > 0)
    throw new ItemError(
      'UNKNOWN_MEMBER',
      `Person ${strangers.join(', ')} is not a member of household ${input.householdId} at version ${input.baseVersion}.`,
    );
  const judged = judgeChanges(proposedChanges(input), base, current, visit.user.id);
  const changes = judged.filter((c) => c.state !== 'unchanged');
  return { changes, unchanged: judged.length - changes.length };
}

/** Stores a group of visits (distinct households and client ids) in the caller's transaction. */
async function storeVisits(tx: Db, visits: readonly Visit[]): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  // Every visit is judged as a new one: a retry (its client id stored before) is rare, and the insert finds it,
  // storing nothing for it; it then answers as the stored one did (below). This saves a look-up per group.
  // The household row locks serialise every upload and registry change of one household; what is read after
  // them (members, rival proposals, snapshots) includes every change committed before.
  const current = await findHouseholdRecords(
    tx,
    visits.map((v) => ({ id: v.input.householdId, scope: scopeOf(v.user) })),
    { forUpdate: true },
  );
  // Another officer's pending proposal of another value for the same key: both go to the reviewer. Asked for
  // every key a visit proposes; only those it changes count (below).
  const pending = await findMembersAndRivals(
    tx,
    current,
    visits.flatMap(({ user, input }) =>
      current.has(input.householdId)
        ? [
            {
              householdId: input.householdId,
              keys: proposedChanges(input).map((c) => c.key),
              officerId: user.id,
            },
          ]
        : [],
    ),
  );
  const snapshots = await findVersionStates(
    tx,
    visits.flatMap(({ input: { householdId, baseVersion } }) => {
      const version = current.get(householdId)?.household.version;
      return version !== undefined && baseVersion < version ? [{ householdId, version: baseVersion }] : [];
    }),
  );
  const judged = new Map<number, { changes: JudgedChange[]; unchanged: number; rivalIds: number[] }>();
  for (let i = 0; i < visits.length; i++) {
    try {
      judged.set(i, {
        ...judge(visits[i]!, current.get(visits[i]!.input.householdId), snapshots),
        rivalIds: [],
      });
    } catch (error) {
      if (!(error instanceof ItemError)) throw error;
      outcomes[i] = error;
    }
  }

  for (const [i, entry] of judged) {
    const rivals = pending.filter(
      (r) =>
        r.householdId === visits[i]!.input.householdId &&
        entry.changes.some((c) => c.key === r.key && !sameValue(c.proposed, r.proposed)),
    );
    const rivalKeys = new Set(rivals.map((r) => r.key));
    entry.changes = entry.changes.map((c) =>
      rivalKeys.has(c.key) ? { ...c, state: 'conflict' as const } : c,
    );
    entry.rivalIds = rivals.map((r) => r.id);
  }

  const ids = await insertSubmissions(
    tx,
    [...judged].map(([i, { changes, unchanged, rivalIds }]) => {
      const { user, input } = visits[i]!;
      return {
        clientId: input.clientId,
        officerId: user.id,
        householdId: input.householdId,
        baseVersion: input.baseVersion,
        outcome: input.outcome,
        notes: input.notes ?? null,
        latitude: input.location?.latitude ?? null,
        longitude: input.location?.longitude ?? null,
        accuracyM: input.location?.accuracyM ?? null,
        capturedAt: new Date(input.capturedAt).toISOString(),
        unchangedCount: unchanged,
        payload: input,
        changes,
        rivalIds,
      };
    }),
  );
  // A retry (a client id stored before, or meanwhile by a concurrent retry on another connection) stored nothing,
  // and may have been rejected above (say its household was reassigned since): it answers as the stored one did.
  const unstored = visits.flatMap((visit, i) => (ids.has(visit.clientId) ? [] : [i]));
  const stored = await findSubmissionsByClientIds(
    tx,
    unstored.map((i) => visits[i]!.clientId),
  );
  for (const i of unstored) {
    const earlier = stored.get(visits[i]!.clientId);
    if (earlier) outcomes[i] = duplicateOf(earlier, visits[i]!);
    else if (judged.has(i))
      throw new Error(`Submission ${visits[i]!.clientId} was neither stored nor found.`);
    judged.delete(i);
  }

  await appendToAuditChain(
    tx,
    [...judged.keys()].map((i) => {
      const { user, input } = visits[i]!;
      return {
        actor: user,
        entry: {
          action: 'create' as const,
          subjectType: 'household' as const,
          subjectId: input.householdId,
          regionCode: current.get(input.householdId)!.household.kelurahanCode,
          purpose: fieldPurpose,
          details: {
            submissionId: ids.get(visits[i]!.clientId),
            clientId: input.clientId,
            outcome: input.outcome,
          },
        },
      };
    }),
  );
  for (const [i, { changes, unchanged }] of judged)
    outcomes[i] = {
      status: 'accepted',
      submission: {
        id: ids.get(visits[i]!.clientId)!,
        unchangedCount: unchanged,
        clean: changes.filter((c) => c.state === 'clean').length,
        conflicts: changes
          .filter((c) => c.state === 'conflict')
          .map((c) => c.key)
          .sort(),
      },
    };
  return outcomes;
}
