import type { Db } from '../../db/client.ts';
import type { SessionUser } from '../../http/context.ts';
import { AppError, validationError, type FieldIssue } from '../../http/errors.ts';
import { requirePersonalDataWrite } from '../access/access.scope.ts';
import { refreshHouseholdTargeting } from '../targeting/targeting.recompute.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { loadRegionPrefixes } from '../regions/region-codes.ts';
import type { CreateHouseholdInput, NewMemberInput } from './registry.contracts.ts';
import {
  currentTimestamp,
  insertHousehold,
  insertMembers,
  insertPersons,
  type NewPerson,
} from './registry.repository.ts';
import { householdFields, personFields, type ProvenanceEntry, type ProvenanceMap } from './registry.state.ts';
import {
  checkBirthDate,
  checkDistinctNiks,
  checkIdentity,
  checkKelurahan,
  checkKk,
  checkOneHead,
  mergeFindings,
  type Findings,
} from './registry.validation.ts';

/** Purpose written to the audit log for a change when the caller gives none. */
export const defaultWritePurpose = 'registry update';

/** What a write returns: the household's new version and any warnings about accepted values. */
export interface WriteResult {
  householdId: number;
  version: number;
  validFrom: string;
  changedFields: string[];
  warnings: FieldIssue[];
}

/** RT and RW numbers are written with three digits (RT 005 / RW 012). */
export const padRtRw = (value: string) => value.padStart(3, '0');

/** The same provenance entry for each field. */
export function provenanceFor(fields: readonly string[], entry: ProvenanceEntry): ProvenanceMap {
  return Object.fromEntries(fields.map((f) => [f, entry]));
}

/** Checks the members of a new household: identity numbers, dates, exactly one head, no NIK twice. */
function checkMembers(members: NewMemberInput[]): Findings {
  const prefixes = loadRegionPrefixes();
  const path = (i: number) => `body.members.${i}`;
  const perMember = members.map((m, i) =>
    mergeFindings(checkIdentity(m, prefixes, { nikPath: `${path(i)}.nik` }), {
      issues: checkBirthDate(m.birthDate, `${path(i)}.birthDate`),
      warnings: [],
    }),
  );
  return mergeFindings(...perMember, {
    issues: [
      ...checkOneHead(members, 'body.members'),
      ...checkDistinctNiks(members, (i) => `${path(i)}.nik`),
    ],
    warnings: [],
  });
}

function newPersonOf(m: NewMemberInput, source: string, provenance: ProvenanceMap): NewPerson {
  const { relationship: _r, startDate: _s, ...fields } = m;
  return { ...fields, source, provenance };
}

/**
 * Creates a household with its members in one transaction. The domicile must be a kelurahan inside the user's
 * area; field officers (assigned scope) propose new households through change requests instead.
 */
export async function createHousehold(
  db: Db,
  user: SessionUser,
  input: CreateHouseholdInput,
): Promise<WriteResult> {
  const scope = requirePersonalDataWrite(user);
  if (scope.kind !== 'region')
    throw new AppError('FORBIDDEN', 'Only area roles may register a new household.');
  const findings = mergeFindings(
    checkKk(input.kkNumber, loadRegionPrefixes(), 'body.kkNumber'),
    checkMembers(input.members),
    {
      issues: await checkKelurahan(db, input.kelurahanCode, scope, 'body.kelurahanCode'),
      warnings: [],
    },
  );
  if (findings.issues.length > 0) throw validationError(findings.issues);
  const { members, source, reason, purpose, ...fields } = input;
  return db.transaction(async (tx) => {
    const at = await currentTimestamp(tx);
    const entry = { source, actorId: user.id, at };
    const householdId = await insertHousehold(
      tx,
      {
        ...fields,
        rt: padRtRw(fields.rt),
        rw: padRtRw(fields.rw),
        source,
        provenance: provenanceFor(householdFields, entry),
      },
      at,
    );
    const personProvenance = provenanceFor(personFields, entry);
    const personIds = await insertPersons(
      tx,
      members.map((m) => newPersonOf(m, source, personProvenance)),
      at,
    );
    await insertMembers(
      tx,
      members.map((m, i) => ({
        householdId,
        personId: personIds.get(m.nik)!,
        relationship: m.relationship,
        startDate: m.startDate ?? at.slice(0, 10),
        position: i + 1,
      })),
    );
    await refreshHouseholdTargeting(tx, householdId);
    await recordAudit(tx, user, [
      {
        action: 'create',
        subjectType: 'household',
        subjectId: householdId,
        regionCode: input.kelurahanCode,
        purpose: purpose ?? defaultWritePurpose,
        details: { version: 1, members: members.length, reason: reason ?? null },
      },
    ]);
    return { householdId, version: 1, validFrom: at, changedFields: [], warnings: findings.warnings };
  });
}
