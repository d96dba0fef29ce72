import type { Db } from '../../db/client.ts';
import type { ProgramUnit } from '../programs/programs.schema.ts';
import { matchRows, type MatchRow } from './ledger.repository.ts';
import type { EnrolmentStatus, UploadRowError } from './ledger.schema.ts';
import { isNameMismatch, type CandidateRow } from './ledger.upload.ts';

/** A row that matched the registry and can be loaded: the enrolment unit and where it lives. */
export interface LoadableUnit {
  line: number;
  householdId: number;
  personId: number | null;
  kelurahanCode: string;
  startDate: string;
  status: EnrolmentStatus;
}

export interface MatchOutcome {
  units: LoadableUnit[];
  errors: UploadRowError[];
  /** Well-formed NIKs the registry does not know. */
  unmatched: { line: number; value: string }[];
}

/**
 * Matches the rows that passed the file checks to the registry (one query for the whole file) and sorts them
 * into loadable units, row errors (not a current member, KK not found, name mismatch, the same unit twice) and
 * unmatched NIKs. For household programs, a member's NIK stands for the member's current household.
 */
export async function matchUploadRows(
  db: Db,
  unit: ProgramUnit,
  candidates: CandidateRow[],
  columns: Partial<Record<'nik' | 'kk' | 'name', string>>,
): Promise<MatchOutcome> {
  const names = { nik: columns.nik ?? 'nik', kk: columns.kk ?? 'no_kk', name: columns.name ?? 'nama' };
  const outcome: MatchOutcome = { units: [], errors: [], unmatched: [] };
  if (candidates.length === 0) return outcome;
  const matches = new Map(
    (
      await matchRows(
        db,
        candidates.map(({ line, nik, kk }) => ({ line, nik, kk })),
      )
    ).map((m) => [m.line, m]),
  );
  const firstLineOfUnit = new Map<string, number>();
  for (const candidate of candidates) {
    const match = matches.get(candidate.line)!;
    const fail = (column: string, value: string, reason: string) =>
      outcome.errors.push({ line: candidate.line, column, value, reason });
    if (candidate.nik && !match.nikFound) {
      outcome.unmatched.push({ line: candidate.line, value: candidate.nik });
      continue;
    }
    const problem = registryProblem(candidate, match, names);
    if (problem) {
      fail(problem.column, problem.value, problem.reason);
      continue;
    }
    const personId = unit === 'person' ? match.personId : null;
    const key = `${match.householdId}:${personId ?? 0}`;
    const first = firstLineOfUnit.get(key);
    if (first !== undefined) {
      const what = unit === 'person' ? 'person' : 'household';
      fail(
        candidate.nik ? names.nik : names.kk,
        candidate.nik ?? candidate.kk ?? '',
        `duplicate_unit: the same ${what} is already on line ${first}`,
      );
      continue;
    }
    firstLineOfUnit.set(key, candidate.line);
    outcome.units.push({
      line: candidate.line,
      householdId: match.householdId!,
      personId,
      kelurahanCode: match.kelurahanCode!,
      startDate: candidate.startDate,
      status: candidate.status,
    });
  }
  return outcome;
}

/** Why a found row still cannot be loaded, or null. */
function registryProblem(
  candidate: CandidateRow,
  match: MatchRow,
  names: { nik: string; kk: string; name: string },
) {
  if (candidate.kk && !candidate.nik && !match.kkFound)
    return {
      column: names.kk,
      value: candidate.kk,
      reason: 'kk_not_found: no active household has this KK number',
    };
  if (candidate.nik && match.householdId === null)
    return {
      column: names.nik,
      value: candidate.nik,
      reason: 'not_current_member: the person is not an active, current member of an active household',
    };
  if (candidate.nik && candidate.name && match.personName && isNameMismatch(candidate.name, match.personName))
    return { column: names.name, value: candidate.name, reason: 'name_mismatch: name does not match NIK' };
  return null;
}
