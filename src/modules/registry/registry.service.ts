import type { Db } from '../../db/client.ts';
import type { SessionUser } from '../../http/context.ts';
import { notFound, validationError } from '../../http/errors.ts';
import { requirePersonalDataAccess, type Scope } from '../access/access.scope.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { loadRegionPrefixes } from '../regions/region-codes.ts';
import { checkNikAgainstPerson, parseNik, type NikParseResult, type NikPersonCheck } from './nik.ts';
import type { SearchQueryInput } from './registry.contracts.ts';
import {
  findFirstValidFrom,
  findRegionPath,
  findUserNames,
  findVersionCovering,
  listHouseholdVersions,
  listWelfareHistory,
  type RegionName,
  type WelfareRow,
} from './registry-history.repository.ts';
import { findHouseholdState } from './registry.repository.ts';
import { searchHouseholds, type SearchRow } from './registry-search.repository.ts';
import { diffStates, type HouseholdState } from './registry.state.ts';

/** Purpose written to the audit log when the caller gives none. */
export const defaultReadPurpose = 'registry lookup';

export interface SearchResult {
  items: SearchRow[];
  page: number;
  pageSize: number;
  total: number;
}

/**
 * A search needs a criterion. A name search over a whole province would scan millions of names and invite
 * browsing: it needs a region, unless the user's own area is already smaller (a kota, kecamatan or kelurahan, or
 * assigned households). Shared by the search and its export.
 */
export function checkSearchCriteria(
  scope: Scope,
  query: Pick<SearchQueryInput, 'nik' | 'kk' | 'name' | 'region'>,
): void {
  if (query.nik === undefined && query.kk === undefined && query.name === undefined) {
    throw validationError([
      { path: 'query', reason: 'missing_criterion', message: 'Give at least one of nik, kk or name.' },
    ]);
  }
  if (query.name === undefined || query.region !== undefined) return;
  if (scope.kind === 'region' && !scope.regionCode.includes('.')) {
    throw validationError([
      {
        path: 'query.region',
        reason: 'required',
        message: 'A name search over a whole province needs a region.',
      },
    ]);
  }
}

/** Finds households by exact NIK, exact KK number or name (within a region); audits each household returned. */
export async function searchRegistry(
  db: Db,
  user: SessionUser,
  query: SearchQueryInput,
): Promise<SearchResult> {
  const scope = requirePersonalDataAccess(user);
  checkSearchCriteria(scope, query);
  const { nik, kk, name, region, page, pageSize } = query;
  const { total, rows } = await searchHouseholds(db, { nik, kk, name, region }, scope, { page, pageSize });
  const mode = nik !== undefined ? 'nik' : kk !== undefined ? 'kk' : 'name';
  await recordAudit(
    db,
    user,
    rows.map((row) => ({
      action: 'search' as const,
      subjectType: 'household' as const,
      subjectId: row.householdId,
      regionCode: row.kelurahanCode,
      purpose: query.purpose ?? defaultReadPurpose,
      details: { mode, region: region ?? null },
    })),
  );
  return { items: rows, page, pageSize, total };
}

/** Everything the profile presenter needs about one household at one instant. */
export interface HouseholdProfile {
  state: HouseholdState;
  asOf: string | null;
  isCurrent: boolean;
  /** When the record's first version began: the time of fields that were never changed. */
  firstValidFrom: string;
  regionPath: RegionName[];
  welfare: WelfareRow[];
  actorNames: Map<number, string>;
}

/** The state at `asOf`: the current row if it was already valid then, else the stored version covering it. */
async function stateAt(db: Db, current: HouseholdState, asOf: string | null) {
  if (asOf === null || current.household.validFrom <= asOf) return { state: current, isCurrent: true };
  const version = await findVersionCovering(db, current.household.id, asOf);
  if (!version) throw notFound('Household at that time');
  return { state: version.snapshot, isCurrent: false };
}

function actorIdsOf(state: HouseholdState): number[] {
  const entries = [state.household.provenance, ...state.members.map((m) => m.person.provenance)].flatMap(
    (p) => Object.values(p),
  );
  return [...new Set(entries.map((e) => e.actorId).filter((id): id is number => id !== null))];
}

/** Reads a household profile (optionally as it was at `asOf`); 404 when outside the user's area. Audited. */
export async function readHouseholdProfile(
  db: Db,
  user: SessionUser,
  id: number,
  options: { asOf?: string; purpose?: string },
): Promise<HouseholdProfile> {
  const scope = requirePersonalDataAccess(user);
  const current = await findHouseholdState(db, id, scope);
  if (!current) throw notFound('Household');
  const asOf = options.asOf === undefined ? null : new Date(options.asOf).toISOString();
  const { state, isCurrent } = await stateAt(db, current, asOf);
  const [firstValidFrom, regionPath, welfare, actorNames] = await Promise.all([
    findFirstValidFrom(db, id),
    findRegionPath(db, state.household.kelurahanCode),
    listWelfareHistory(db, id, asOf?.slice(0, 10)),
    findUserNames(db, actorIdsOf(state)),
  ]);
  await recordAudit(db, user, [
    {
      action: 'read',
      subjectType: 'household',
      subjectId: id,
      regionCode: current.household.kelurahanCode,
      purpose: options.purpose ?? defaultReadPurpose,
      details: { view: 'profile', asOf },
    },
  ]);
  return {
    state,
    asOf,
    isCurrent,
    firstValidFrom: firstValidFrom ?? current.household.validFrom,
    regionPath,
    welfare,
    actorNames,
  };
}

/** One version of a household and the change that produced it. */
export interface HistoryEntry {
  version: number;
  validFrom: string;
  validTo: string | null;
  changedBy: number | null;
  source: string;
  reason: string | null;
  changedFields: string[];
}

/** The version history of a household, newest first; 404 when outside the user's area. Audited. */
export async function readHouseholdHistory(
  db: Db,
  user: SessionUser,
  id: number,
  options: { purpose?: string },
): Promise<{ currentVersion: number; entries: HistoryEntry[]; actorNames: Map<number, string> }> {
  const scope = requirePersonalDataAccess(user);
  const current = await findHouseholdState(db, id, scope);
  if (!current) throw notFound('Household');
  const versions = await listHouseholdVersions(db, id);
  const states = [...versions.map((v) => v.snapshot), current];
  const entries = states.map((state, i): HistoryEntry => {
    const producer = i > 0 ? versions[i - 1] : undefined;
    return {
      version: state.household.version,
      validFrom: state.household.validFrom,
      validTo: versions[i]?.validTo ?? null,
      // The first version was made by whoever created the record: the provenance of its KK number says who.
      changedBy: producer ? producer.changedBy : (state.household.provenance.kkNumber?.actorId ?? null),
      source: producer ? producer.changeSource : state.household.source,
      reason: producer ? producer.changeReason : null,
      changedFields: i > 0 ? diffStates(states[i - 1]!, state) : [],
    };
  });
  const actorNames = await findUserNames(db, [
    ...new Set(entries.map((e) => e.changedBy).filter((a): a is number => a !== null)),
  ]);
  await recordAudit(db, user, [
    {
      action: 'read',
      subjectType: 'household',
      subjectId: id,
      regionCode: current.household.kelurahanCode,
      purpose: options.purpose ?? defaultReadPurpose,
      details: { view: 'history' },
    },
  ]);
  return { currentVersion: current.household.version, entries: entries.reverse(), actorNames };
}

/** A NIK checked on its own and against a sex and birth date (no personal data read, nothing audited). */
export type NikValidation =
  | { nik: string; parsed: Extract<NikParseResult, { ok: false }>; check: null }
  | { nik: string; parsed: Extract<NikParseResult, { ok: true }>; check: NikPersonCheck };

/** Validates a NIK against the region table and, when given, the person's sex and birth date. */
export function validateNik(input: { nik: string; sex?: 'M' | 'F'; birthDate?: string }): NikValidation {
  const parsed = parseNik(input.nik, loadRegionPrefixes());
  if (!parsed.ok) return { nik: input.nik, parsed, check: null };
  return { nik: input.nik, parsed, check: checkNikAgainstPerson(parsed, input) };
}
