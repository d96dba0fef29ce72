import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { SessionUser } from '../../http/context.ts';
import { AppError, notFound, validationError, type FieldIssue } from '../../http/errors.ts';
import type { Role } from '../access/access.schema.ts';
import { householdScopeCondition, requirePersonalDataWrite } from '../access/access.scope.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { resolveArea } from '../targeting/targeting.views.ts';
import type {
  AssignedHousehold,
  ConsentInput,
  DeliveryReportInput,
  OrganisationInput,
  PledgeInput,
} from './partners.contracts.ts';
import {
  existingRegions,
  findCurrentMemberByNik,
  findHouseholdInScope,
  findPlanActivityPillar,
  insertAssignmentUnderConsent,
  insertConsent,
  insertMissingOrganisations,
  resolveDeliveryItems,
  selectAssignedHouseholds,
  selectConsents,
  selectContributions,
  selectOrganisations,
  selectPledges,
  storeDeliveries,
  updatePledgeStatus,
  upsertOrganisation,
  withdrawConsent,
  insertPledge,
  type ResolvedItem,
  type StorableItem,
} from './partners.repository.ts';
import type { PledgeStatus } from './partners.schema.ts';
import { findProgram } from '../programs/programs.repository.ts';

const forbidden = (message: string) => new AppError('FORBIDDEN', message);

/** Roles that record consent and assign households to partners, within their area (issue 5, part 4). */
export const consentRoles: readonly Role[] = ['secretariat', 'kecamatan_operator', 'kelurahan_operator'];
/** Roles that read every pledge and the contributions of all partners (aggregates, no personal data). */
const monitoringRoles: readonly Role[] = ['secretariat', 'kota_tkpk', 'inspector', 'agency'];

/** The organisation a partner user acts for; 403 for other roles or an account naming none. */
export function partnerOrganisationOf(user: SessionUser): string {
  if (user.role !== 'partner') throw forbidden('Only partner accounts do this.');
  if (!user.organisation) throw forbidden('This partner account names no organisation.');
  return user.organisation;
}

/** Refuses roles that may not record consent or assign households; returns their personal-data scope. */
function requireConsentRole(user: SessionUser) {
  if (!consentRoles.includes(user.role))
    throw forbidden(
      'Only the secretariat and kecamatan or kelurahan operators record consent and assignments.',
    );
  return requirePersonalDataWrite(user);
}

/** The demo partner organisations (the demo partner user belongs to BAZNAS). */
export const demoOrganisations: OrganisationInput[] = [
  {
    code: 'BAZNAS',
    name: 'BAZNAS (BAZIS) Provinsi DKI Jakarta',
    kind: 'zakat',
    contactName: null,
    contactEmail: null,
    contactPhone: null,
    pillars: [2, 3],
    active: true,
  },
];

/** Creates the demo partner organisations that do not exist yet. */
export function ensurePartnerOrganisations(db: Db): Promise<number> {
  return insertMissingOrganisations(db, demoOrganisations);
}

// ---------------------------------------------------------------------------------------------------------------
// Organisations and pledges

/** Organisations: all for staff, its own for a partner; field officers are refused. */
export async function listOrganisations(db: Db, user: SessionUser) {
  if (user.role === 'field_officer') throw forbidden('Field officers do not manage partners.');
  const items = await selectOrganisations(
    db,
    user.role === 'partner' ? partnerOrganisationOf(user) : undefined,
  );
  return {
    items: items.map(({ createdAt: _createdAt, ...o }) => ({ ...o, pillars: o.pillars.map(Number) })),
  };
}

/** Creates or updates an organisation (the secretariat). */
export async function saveOrganisation(db: Db, user: SessionUser, input: OrganisationInput) {
  if (user.role !== 'secretariat') throw forbidden('Only the secretariat registers partner organisations.');
  const { createdAt: _createdAt, ...row } = await upsertOrganisation(db, {
    ...input,
    pillars: [...new Set(input.pillars)].sort(),
  });
  return { ...row, pillars: row.pillars.map(Number) };
}

/** Pledges: all for staff (operators assign households to them), only its own for a partner. */
export async function listPledges(db: Db, user: SessionUser, organisation?: string) {
  if (user.role === 'field_officer') throw forbidden('Field officers do not manage partners.');
  const own = user.role === 'partner' ? partnerOrganisationOf(user) : organisation;
  const items = await selectPledges(db, { organisation: own });
  return { items: items.map((p) => withNextStatuses(user, p)) };
}

async function readPledge(db: Db, id: number) {
  const [pledge] = await selectPledges(db, { id });
  if (!pledge) throw notFound(`Pledge ${id}`);
  return pledge;
}

/** Who may move a pledge along its statuses: the secretariat, and the partner for its own pledges. */
function mayChangePledge(user: SessionUser, pledge: { organisationCode: string }) {
  return (
    user.role === 'secretariat' ||
    (user.role === 'partner' && pledge.organisationCode === partnerOrganisationOf(user))
  );
}

/** A pledge with the statuses the user may move it to now, for the page's buttons. */
function withNextStatuses<T extends { organisationCode: string; status: PledgeStatus }>(
  user: SessionUser,
  pledge: T,
) {
  return {
    ...pledge,
    nextStatuses: mayChangePledge(user, pledge) ? [...pledgeTransitions[pledge.status]] : [],
  };
}

/**
 * Records a pledge: a partner as its own organisation, the secretariat for any active one. The program must be of
 * the pledge's pillar, the plan activity too, and the locations known regions.
 */
export async function createPledge(db: Db, user: SessionUser, input: PledgeInput) {
  let organisation: string;
  if (user.role === 'partner') organisation = partnerOrganisationOf(user);
  else if (user.role === 'secretariat' && input.organisationCode) organisation = input.organisationCode;
  else if (user.role === 'secretariat')
    throw validationError([
      { path: 'body.organisationCode', reason: 'required', message: 'Name the partner organisation.' },
    ]);
  else throw forbidden('Only partners and the secretariat record pledges.');
  const issues: FieldIssue[] = [];
  const [org] = await selectOrganisations(db, organisation);
  if (!org?.active)
    issues.push({
      path: 'body.organisationCode',
      reason: 'unknown',
      message: `No active partner organisation ${organisation}.`,
    });
  if (input.programCode) {
    const program = await findProgram(db, input.programCode);
    if (!program) issues.push({ path: 'body.programCode', reason: 'unknown', message: 'No such program.' });
    else if (program.pillar !== input.pillar)
      issues.push({
        path: 'body.programCode',
        reason: 'pillar_mismatch',
        message: `The program is in pillar ${program.pillar}.`,
      });
  }
  if (input.planActivityId !== null) {
    const pillar = await findPlanActivityPillar(db, input.planActivityId);
    if (pillar === undefined)
      issues.push({ path: 'body.planActivityId', reason: 'unknown', message: 'No such plan activity.' });
    else if (pillar !== input.pillar)
      issues.push({
        path: 'body.planActivityId',
        reason: 'pillar_mismatch',
        message: `The plan activity is in pillar ${pillar}.`,
      });
  }
  const locations = [...new Set(input.locations)];
  const known = new Set(await existingRegions(db, locations));
  locations.forEach((code, i) => {
    if (!known.has(code))
      issues.push({ path: `body.locations.${i}`, reason: 'unknown', message: `No region ${code}.` });
  });
  if (issues.length > 0) throw validationError(issues);
  const { organisationCode: _ignored, ...rest } = input;
  const id = await insertPledge(db, {
    ...rest,
    locations,
    organisationCode: organisation,
    createdBy: user.id,
  });
  return withNextStatuses(user, await readPledge(db, id));
}

/** Status transitions of a pledge: fulfilled and withdrawn are final. */
const pledgeTransitions: Record<PledgeStatus, readonly PledgeStatus[]> = {
  pledged: ['active', 'withdrawn'],
  active: ['fulfilled', 'withdrawn'],
  fulfilled: [],
  withdrawn: [],
};

/** Moves a pledge along its statuses (the secretariat, or the partner for its own pledge). */
export async function changePledgeStatus(db: Db, user: SessionUser, id: number, status: PledgeStatus) {
  const pledge = await readPledge(db, id);
  if (user.role === 'partner') {
    if (pledge.organisationCode !== partnerOrganisationOf(user)) throw notFound(`Pledge ${id}`);
  } else if (!mayChangePledge(user, pledge))
    throw forbidden('Only the secretariat and the partner change a pledge.');
  if (pledge.status === status) return withNextStatuses(user, pledge);
  if (!pledgeTransitions[pledge.status].includes(status))
    throw new AppError('CONFLICT', `A ${pledge.status} pledge cannot become ${status}.`, {
      allowed: pledgeTransitions[pledge.status],
    });
  await updatePledgeStatus(db, id, status);
  return withNextStatuses(user, await readPledge(db, id));
}

// ---------------------------------------------------------------------------------------------------------------
// Consent and assignment

const householdColumns = { kelurahanCode: sql`h.kelurahan_code`, householdId: sql`h.id` };

/** The household inside the caller's area (404 otherwise, so its existence is not revealed). */
async function requireHouseholdInArea(db: Db, user: SessionUser, householdId: number) {
  const scope = requireConsentRole(user);
  const found = await findHouseholdInScope(db, householdId, householdScopeCondition(scope, householdColumns));
  if (!found) throw notFound(`Household ${householdId}`);
  return found;
}

/**
 * Records a household's consent to a partner for a pillar and purpose: who consented (the NIK of a current
 * member, usually the head), when, the signed form if uploaded. One open consent per household, organisation and
 * pillar. Audited.
 */
export async function recordConsent(db: Db, user: SessionUser, input: ConsentInput) {
  const household = await requireHouseholdInArea(db, user, input.householdId);
  const [org] = await selectOrganisations(db, input.organisationCode);
  if (!org?.active) throw notFound(`Partner organisation ${input.organisationCode}`);
  const personId = await findCurrentMemberByNik(db, household.id, input.consentingNik);
  if (personId === undefined)
    throw validationError([
      {
        path: 'body.consentingNik',
        reason: 'not_a_member',
        message: 'No current member of the household has this NIK.',
      },
    ]);
  if (new Date(input.consentedAt).getTime() > Date.now() + 5 * 60_000)
    throw validationError([
      { path: 'body.consentedAt', reason: 'future', message: 'Consent cannot be given in the future.' },
    ]);
  return db.transaction(async (tx) => {
    const id = await insertConsent(tx, {
      householdId: household.id,
      organisationCode: input.organisationCode,
      pillar: input.pillar,
      purpose: input.purpose,
      consentingPersonId: personId,
      consentedAt: new Date(input.consentedAt),
      evidenceFileId: input.evidenceFileId,
      contactPhone: input.contactPhone,
      recordedBy: user.id,
    });
    if (id === undefined)
      throw new AppError(
        'CONFLICT',
        'The household already has an open consent for this partner and pillar; withdraw it first.',
      );
    await recordAudit(tx, user, [
      {
        action: 'create',
        subjectType: 'household',
        subjectId: household.id,
        regionCode: household.kelurahanCode,
        purpose: 'partner consent',
        details: { consentId: id, organisation: input.organisationCode, pillar: input.pillar },
      },
    ]);
    const [consent] = await selectConsents(tx, sql`c.id = ${id}`);
    return stripKelurahan(consent!);
  });
}

const stripKelurahan = <T extends { kelurahanCode: string }>({ kelurahanCode: _k, ...rest }: T) => rest;

/** A household's consents (open and withdrawn), for the staff of its area. Audited. */
export async function listConsents(db: Db, user: SessionUser, householdId: number) {
  const household = await requireHouseholdInArea(db, user, householdId);
  const items = await selectConsents(db, sql`c.household_id = ${household.id}`);
  await recordAudit(db, user, [
    {
      action: 'read',
      subjectType: 'household',
      subjectId: household.id,
      regionCode: household.kelurahanCode,
      purpose: 'partner consent',
      details: { consents: items.length },
    },
  ]);
  return { items: items.map(stripKelurahan) };
}

/**
 * Withdraws a consent: staff of the household's area, or the partner it was given to (the household may tell
 * either). Its assignments end in the same statement, so the partner sees nothing of the household from then on.
 */
export async function withdrawPartnerConsent(db: Db, user: SessionUser, id: number, reason: string) {
  const [consent] = await selectConsents(db, sql`c.id = ${id}`);
  if (!consent) throw notFound(`Consent ${id}`);
  if (user.role === 'partner') {
    if (consent.organisationCode !== partnerOrganisationOf(user)) throw notFound(`Consent ${id}`);
  } else await requireHouseholdInArea(db, user, consent.householdId);
  return db.transaction(async (tx) => {
    const withdrawn = await withdrawConsent(tx, id, user.id, reason);
    if (withdrawn)
      await recordAudit(tx, user, [
        {
          action: 'update',
          subjectType: 'household',
          subjectId: consent.householdId,
          regionCode: consent.kelurahanCode,
          purpose: 'partner consent withdrawal',
          details: { consentId: id, organisation: consent.organisationCode, withdrawn: true },
        },
      ]);
    const [after] = await selectConsents(tx, sql`c.id = ${id}`);
    return stripKelurahan(after!);
  });
}

/** True when the kelurahan lies in one of the pledge's locations (a pledge without locations covers Jakarta). */
function inPledgeLocations(kelurahanCode: string, locations: string[]): boolean {
  return (
    locations.length === 0 ||
    locations.some((code) => kelurahanCode === code || kelurahanCode.startsWith(`${code}.`))
  );
}

/**
 * Assigns a household of the caller's area to a live pledge inside the pledge's locations, ONLY under an open
 * consent of the household for the pledge's organisation and pillar (checked in the inserting statement).
 * Repeating an assignment returns the existing one. Audited.
 */
export async function assignHousehold(
  db: Db,
  user: SessionUser,
  input: { pledgeId: number; householdId: number },
) {
  const household = await requireHouseholdInArea(db, user, input.householdId);
  const pledge = await readPledge(db, input.pledgeId);
  if (pledge.status !== 'pledged' && pledge.status !== 'active')
    throw new AppError(
      'CONFLICT',
      `The pledge is ${pledge.status}; households are assigned to live pledges.`,
    );
  if (!inPledgeLocations(household.kelurahanCode, pledge.locations))
    throw validationError([
      {
        path: 'body.householdId',
        reason: 'outside_locations',
        message: 'The household lies outside the pledge’s locations.',
      },
    ]);
  return db.transaction(async (tx) => {
    const row = await insertAssignmentUnderConsent(tx, { ...input, by: user.id });
    if (!row)
      throw new AppError(
        'CONFLICT',
        `The household has not consented to ${pledge.organisationCode} for pillar ${pledge.pillar}; record the consent first.`,
        { reason: 'no_consent' },
      );
    if (row.created)
      await recordAudit(tx, user, [
        {
          action: 'create',
          subjectType: 'household',
          subjectId: household.id,
          regionCode: household.kelurahanCode,
          purpose: 'partner assignment',
          details: { assignmentId: row.id, pledgeId: pledge.id, organisation: pledge.organisationCode },
        },
      ]);
    return {
      id: row.id,
      pledgeId: pledge.id,
      householdId: household.id,
      consentId: row.consentId,
      assignedAt: row.assignedAt,
    };
  });
}

// ---------------------------------------------------------------------------------------------------------------
// The partner's view

/** The explicit field list a partner receives of an assigned household: nothing else leaves the server. */
export function presentAssignedHousehold(row: AssignedHousehold): AssignedHousehold {
  return {
    assignmentId: row.assignmentId,
    householdId: row.householdId,
    headName: row.headName,
    address: row.address,
    rt: row.rt,
    rw: row.rw,
    kelurahanCode: row.kelurahanCode,
    kelurahanName: row.kelurahanName,
    phone: row.phone,
    pledge: {
      id: row.pledge.id,
      pillar: row.pledge.pillar,
      programCode: row.pledge.programCode,
      periodStart: row.pledge.periodStart,
      periodEnd: row.pledge.periodEnd,
    },
    consent: { purpose: row.consent.purpose, consentedAt: row.consent.consentedAt },
  };
}

async function auditPartnerRead(db: Db, user: SessionUser, rows: AssignedHousehold[], purpose: string) {
  const households = new Map(rows.map((r) => [r.householdId, r.kelurahanCode]));
  await recordAudit(
    db,
    user,
    [...households].map(([householdId, kelurahanCode]) => ({
      action: 'read' as const,
      subjectType: 'household' as const,
      subjectId: householdId,
      regionCode: kelurahanCode,
      purpose,
      details: { organisation: user.organisation, partnerView: true },
    })),
  );
}

/** The partner's assigned households with consent in effect; every household listed is audited. */
export async function listAssignedHouseholds(db: Db, user: SessionUser) {
  const organisation = partnerOrganisationOf(user);
  const rows = await selectAssignedHouseholds(db, organisation);
  await auditPartnerRead(db, user, rows, 'partner delivery');
  return { items: rows.map(presentAssignedHousehold) };
}

/** One assigned household (404 when not assigned with consent in effect: its existence is not revealed). */
export async function readAssignedHousehold(db: Db, user: SessionUser, householdId: number) {
  const organisation = partnerOrganisationOf(user);
  const rows = await selectAssignedHouseholds(db, organisation, householdId);
  if (rows.length === 0) throw notFound(`Household ${householdId}`);
  await auditPartnerRead(db, user, rows, 'partner delivery');
  return { items: rows.map(presentAssignedHousehold) };
}

// ---------------------------------------------------------------------------------------------------------------
// Delivery reports

/** Why an item cannot be stored, or undefined when it can (`duplicate` items are repeats, skipped). */
function itemProblem(
  item: ResolvedItem,
  input: DeliveryReportInput['items'][number],
): FieldIssue | undefined {
  const path = `body.items.${item.i}`;
  if (item.assignmentId === null)
    return {
      path: `${path}.assignmentId`,
      reason: 'not_assigned',
      message: 'No assignment of yours with consent in effect.',
    };
  if (item.programCode === null)
    return {
      path: `${path}.programCode`,
      reason: 'required',
      message: 'The pledge names no program: name the program delivered.',
    };
  if (!item.programFound)
    return { path: `${path}.programCode`, reason: 'unknown', message: 'No such program.' };
  if (item.programPillar !== item.pledgePillar)
    return {
      path: `${path}.programCode`,
      reason: 'pillar_mismatch',
      message: `The program is in pillar ${item.programPillar}, the pledge in pillar ${item.pledgePillar}.`,
    };
  if (item.existing && !isSameDelivery(item.existing, input))
    return {
      path: `${path}.deliveredOn`,
      reason: 'conflict',
      message: `A different delivery of this program for ${item.period} is already recorded.`,
    };
  return undefined;
}

function isSameDelivery(
  existing: NonNullable<ResolvedItem['existing']>,
  input: DeliveryReportInput['items'][number],
): boolean {
  return (
    Number(existing.amount) === input.value &&
    existing.service === input.service &&
    existing.deliveredOn === input.deliveredOn
  );
}

/**
 * A partner's delivery report for its assigned households, all or nothing: items are resolved in one statement
 * (assignment with consent in effect, program of the pledge's pillar, unit, period, what the ledger holds), then
 * stored set-based in the ledger as the partner's enrolments and deliveries (provider = the organisation), linked
 * to the pledge for its realised value. A repeat of a stored item is skipped; a different delivery for the same
 * unit, program and month is refused. Every household delivered to is audited.
 */
export async function reportDeliveries(db: Db, user: SessionUser, input: DeliveryReportInput) {
  const organisation = partnerOrganisationOf(user);
  const rows = input.items.map((item, i) => ({ i, ...item }));
  return db.transaction(async (tx) => {
    const resolved = await resolveDeliveryItems(tx, organisation, rows);
    const issues: FieldIssue[] = [];
    const seen = new Map<string, number>();
    const storable: StorableItem[] = [];
    let duplicates = 0;
    for (const item of resolved) {
      const original = rows[item.i]!;
      const problem = itemProblem(item, original);
      if (problem) {
        issues.push(problem);
        continue;
      }
      const key = `${item.programCode}|${item.householdId}|${item.personId ?? 0}|${item.period}`;
      const first = seen.get(key);
      if (first !== undefined) {
        issues.push({
          path: `body.items.${item.i}.deliveredOn`,
          reason: 'duplicate',
          message: `Same household, program and month as item ${first}.`,
        });
        continue;
      }
      seen.set(key, item.i);
      if (item.existing) duplicates += 1;
      else
        storable.push({
          ...original,
          pledgeId: item.pledgeId!,
          householdId: item.householdId!,
          personId: item.personId,
          programCode: item.programCode!,
        });
    }
    if (issues.length > 0)
      throw validationError(issues, 'Some items cannot be recorded; nothing was stored.');
    const stored =
      storable.length > 0
        ? await storeDeliveries(tx, { organisation, reportedBy: user.id, items: storable })
        : { enrolmentsCreated: 0, recorded: 0 };
    const kelurahanOf = new Map(resolved.map((r) => [r.householdId!, r.kelurahanCode!]));
    const households = [...new Set(storable.map((s) => s.householdId))];
    await recordAudit(
      tx,
      user,
      households.map((householdId) => ({
        action: 'create' as const,
        subjectType: 'household' as const,
        subjectId: householdId,
        regionCode: kelurahanOf.get(householdId) ?? null,
        purpose: 'partner delivery report',
        details: { organisation },
      })),
    );
    return { recorded: stored.recorded, duplicates, enrolmentsCreated: stored.enrolmentsCreated };
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Contributions

/** The length of the codes one level below a region code (kelurahan stay themselves). */
export function childCodeLength(region: string): number {
  return region.length === 2 ? 5 : region.length === 5 ? 8 : 13;
}

/**
 * What partners delivered per organisation, pillar and child area of the region: the monitoring roles see all
 * partners within their area, a partner only its own rows.
 */
export async function listContributions(db: Db, user: SessionUser, region?: string) {
  if (!monitoringRoles.includes(user.role) && user.role !== 'partner')
    throw forbidden('Your role does not monitor partner contributions.');
  const area = resolveArea(user, region);
  const own = user.role === 'partner' ? partnerOrganisationOf(user) : undefined;
  return { region: area, items: await selectContributions(db, area, childCodeLength(area), own) };
}
