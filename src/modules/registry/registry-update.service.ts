import type { Db } from '../../db/client.ts';
import type { SessionUser } from '../../http/context.ts';
import { AppError, notFound, validationError, type FieldIssue } from '../../http/errors.ts';
import { requirePersonalDataWrite, type Scope } from '../access/access.scope.ts';
import { recordAudit, type AuditEntry } from '../audit/audit.service.ts';
import { loadRegionPrefixes } from '../regions/region-codes.ts';
import { refreshHouseholdTargeting } from '../targeting/targeting.recompute.ts';
import { rerankHousehold } from '../welfare/welfare.rerank.ts';
import type { PatchHouseholdInput, PatchPersonInput } from './registry.contracts.ts';
import {
  currentTimestamp,
  findCurrentHouseholdIdOfPerson,
  findHouseholdState,
  insertHouseholdVersion,
  updateHousehold,
  updatePerson,
  type HouseholdChanges,
} from './registry.repository.ts';
import {
  householdFields,
  personFields,
  type HouseholdState,
  type PersonRecord,
  type ProvenanceMap,
} from './registry.state.ts';
import {
  checkBirthDate,
  checkIdentity,
  checkKelurahan,
  checkKk,
  mergeFindings,
  type Findings,
} from './registry.validation.ts';
import { defaultWritePurpose, padRtRw, provenanceFor, type WriteResult } from './registry-write.service.ts';

export interface ChangeMeta {
  baseVersion: number;
  source: string;
  reason?: string;
}

/** What one change did: the fields it changed, new household values (if any) and the audit entry to write. */
export interface AppliedChange {
  changedFields: string[];
  household?: { set: HouseholdChanges; provenance: ProvenanceMap };
  audit: AuditEntry;
}

const differs = (a: unknown, b: unknown) => JSON.stringify(a ?? null) !== JSON.stringify(b ?? null);

/** The fields of `changes` whose value differs from `current`. */
function changedKeys<K extends string>(
  fields: readonly K[],
  changes: Partial<Record<K, unknown>>,
  current: Record<K, unknown>,
): K[] {
  return fields.filter((f) => changes[f] !== undefined && differs(changes[f], current[f]));
}

function requireSomeChange(changes: object): void {
  if (Object.values(changes).every((v) => v === undefined)) {
    throw validationError([
      { path: 'body', reason: 'no_changes', message: 'Give at least one field to change.' },
    ]);
  }
}

/**
 * Runs a change under optimistic concurrency: locks the household, refuses a stale `baseVersion` with
 * VERSION_CONFLICT, applies the change, and when anything changed stores the replaced state as a version
 * snapshot and moves the household to the next version, re-ranks it, then refreshes its targeting.
 */
export async function changeHousehold(
  db: Db,
  user: SessionUser,
  target: { householdId: number; scope: Scope; meta: ChangeMeta },
  apply: (tx: Db, state: HouseholdState, at: string) => Promise<AppliedChange>,
): Promise<WriteResult> {
  return db.transaction(async (tx) => {
    const state = await findHouseholdState(tx, target.householdId, target.scope, { forUpdate: true });
    if (!state) throw notFound('Household');
    const { version, validFrom } = state.household;
    if (version !== target.meta.baseVersion) {
      throw new AppError(
        'VERSION_CONFLICT',
        `The household changed since version ${target.meta.baseVersion}.`,
        {
          currentVersion: version,
        },
      );
    }
    let at = await currentTimestamp(tx);
    // Versions are half-open intervals [validFrom, validTo): keep them non-empty even within one millisecond.
    if (at <= validFrom) at = new Date(Date.parse(validFrom) + 1).toISOString();
    const { changedFields, household, audit } = await apply(tx, state, at);
    if (changedFields.length === 0)
      return { householdId: state.household.id, version, validFrom, changedFields, warnings: [] };
    await updateHousehold(tx, state.household.id, {
      set: household?.set ?? {},
      provenance: household?.provenance ?? {},
      version: version + 1,
      validFrom: at,
    });
    await insertHouseholdVersion(tx, state, {
      validTo: at,
      changedBy: user.id,
      source: target.meta.source,
      reason: target.meta.reason ?? null,
    });
    await recordAudit(tx, user, [
      { ...audit, details: { ...audit.details, version: version + 1, changedFields } },
    ]);
    // The change may move the household across a desil boundary: score it again before eligibility follows.
    await rerankHousehold(tx, state.household.id);
    // Eligibility and targeting findings follow the change at once (issue 3, part 6).
    await refreshHouseholdTargeting(tx, state.household.id);
    return {
      householdId: state.household.id,
      version: version + 1,
      validFrom: at,
      changedFields,
      warnings: [],
    };
  });
}

/** Changes household fields (optimistic concurrency on `baseVersion`), keeping the old state as a version. */
export async function updateHouseholdFields(
  db: Db,
  user: SessionUser,
  householdId: number,
  input: PatchHouseholdInput,
): Promise<WriteResult> {
  const scope = requirePersonalDataWrite(user);
  const { baseVersion, source, reason, purpose, ...changes } = input;
  requireSomeChange(changes);
  if (changes.rt !== undefined) changes.rt = padRtRw(changes.rt);
  if (changes.rw !== undefined) changes.rw = padRtRw(changes.rw);
  const findings = mergeFindings(
    changes.kkNumber === undefined
      ? { issues: [], warnings: [] }
      : checkKk(changes.kkNumber, loadRegionPrefixes(), 'body.kkNumber'),
    {
      issues:
        changes.kelurahanCode === undefined
          ? []
          : await checkKelurahan(db, changes.kelurahanCode, scope, 'body.kelurahanCode'),
      warnings: [],
    },
  );
  if (findings.issues.length > 0) throw validationError(findings.issues);
  const result = await changeHousehold(
    db,
    user,
    { householdId, scope, meta: { baseVersion, source, reason } },
    (_tx, state, at) => {
      const changedFields = changedKeys(householdFields, changes, state.household);
      const set: HouseholdChanges = Object.fromEntries(changedFields.map((f) => [f, changes[f]]));
      const provenance = provenanceFor(changedFields, { source, actorId: user.id, at });
      const audit: AuditEntry = {
        action: 'update',
        subjectType: 'household',
        subjectId: householdId,
        regionCode: state.household.kelurahanCode,
        purpose: purpose ?? defaultWritePurpose,
      };
      return Promise.resolve({ changedFields, household: { set, provenance }, audit });
    },
  );
  return { ...result, warnings: findings.warnings };
}

/** NIK, sex and birth date must agree (domain brief §2.1); checked only when the request touches one of them. */
function checkPersonIdentity(current: PersonRecord, changes: Partial<PersonRecord>): Findings {
  if (changes.nik === undefined && changes.sex === undefined && changes.birthDate === undefined) {
    return { issues: [], warnings: [] };
  }
  const merged = {
    nik: changes.nik ?? current.nik,
    sex: changes.sex ?? current.sex,
    birthDate: changes.birthDate ?? current.birthDate,
  };
  const mismatchPath = (reason: string) =>
    changes.nik !== undefined
      ? 'body.nik'
      : reason === 'sex_mismatch' && changes.sex !== undefined
        ? 'body.sex'
        : 'body.birthDate';
  return mergeFindings(checkIdentity(merged, loadRegionPrefixes(), { nikPath: 'body.nik', mismatchPath }), {
    issues: changes.birthDate === undefined ? [] : checkBirthDate(changes.birthDate, 'body.birthDate'),
    warnings: [],
  });
}

/**
 * Changes a person's fields. The version history is per household, so this bumps the version of the person's
 * current household (and `baseVersion` is that household's version).
 */
export async function updatePersonFields(
  db: Db,
  user: SessionUser,
  personId: number,
  input: PatchPersonInput,
): Promise<WriteResult & { personId: number }> {
  const scope = requirePersonalDataWrite(user);
  const { baseVersion, source, reason, purpose, ...changes } = input;
  requireSomeChange(changes);
  const householdId = await findCurrentHouseholdIdOfPerson(db, personId, scope);
  if (householdId === null) throw notFound('Person');
  let warnings: FieldIssue[] = [];
  const result = await changeHousehold(
    db,
    user,
    { householdId, scope, meta: { baseVersion, source, reason } },
    async (tx, state, at) => {
      const member = state.members.find((m) => m.person.id === personId && m.endDate === null);
      if (!member) throw notFound('Person');
      const findings = checkPersonIdentity(member.person, changes);
      if (findings.issues.length > 0) throw validationError(findings.issues);
      warnings = findings.warnings;
      const fields = changedKeys(personFields, changes, member.person);
      if (fields.length > 0) {
        const set = Object.fromEntries(fields.map((f) => [f, changes[f]]));
        await updatePerson(tx, personId, {
          set,
          provenance: provenanceFor(fields, { source, actorId: user.id, at }),
        });
      }
      const audit: AuditEntry = {
        action: 'update',
        subjectType: 'person',
        subjectId: personId,
        regionCode: state.household.kelurahanCode,
        purpose: purpose ?? defaultWritePurpose,
        details: { householdId },
      };
      return { changedFields: fields.map((f) => `members.${personId}.${f}`), audit };
    },
  );
  return { ...result, warnings, personId };
}
