import type { Db } from '../../db/client.ts';
import type { FieldIssue } from '../../http/errors.ts';
import { isRegionInArea, type Scope } from '../access/access.scope.ts';
import type { RegionPrefixes } from '../regions/region-codes.ts';
import { checkNikAgainstPerson, parseKk, parseNik, type NikIssue } from './nik.ts';
import { findRegion } from './registry.repository.ts';

/** Problems (reject the request) and warnings (accepted, reported back) found in the input, by field path. */
export interface Findings {
  issues: FieldIssue[];
  warnings: FieldIssue[];
}

const at =
  (path: string) =>
  (i: NikIssue): FieldIssue => ({ path, reason: i.reason, message: i.message });

/**
 * Checks a NIK and its agreement with the person's sex and birth date (domain brief §2.1). Mismatches are
 * reported at `mismatchPath` (the field the request changed), format problems at `nikPath`.
 */
export function checkIdentity(
  person: { nik: string; sex: 'M' | 'F'; birthDate: string },
  prefixes: RegionPrefixes,
  paths: { nikPath: string; mismatchPath?: (reason: string) => string },
): Findings {
  const parsed = parseNik(person.nik, prefixes);
  if (!parsed.ok) return { issues: parsed.issues.map(at(paths.nikPath)), warnings: [] };
  const { issues } = checkNikAgainstPerson(parsed, person);
  return {
    issues: issues.map((i) => at(paths.mismatchPath?.(i.reason) ?? paths.nikPath)(i)),
    warnings: parsed.warnings.map(at(paths.nikPath)),
  };
}

/** Checks a KK number: 16 digits and a known province (domain brief §2.2). */
export function checkKk(kk: string, prefixes: RegionPrefixes, path: string): Findings {
  const parsed = parseKk(kk, prefixes);
  return parsed.ok
    ? { issues: [], warnings: parsed.warnings.map(at(path)) }
    : { issues: parsed.issues.map(at(path)), warnings: [] };
}

/** A birth date cannot lie in the future. */
export function checkBirthDate(birthDate: string, path: string, today = new Date()): FieldIssue[] {
  return birthDate > today.toISOString().slice(0, 10)
    ? [{ path, reason: 'future_date', message: 'A birth date cannot lie in the future.' }]
    : [];
}

/** The domicile must be an existing kelurahan inside the user's area. */
export async function checkKelurahan(
  db: Db,
  code: string,
  scope: Scope,
  path: string,
): Promise<FieldIssue[]> {
  const found = await findRegion(db, code);
  if (!found || found.level !== 'kelurahan') {
    return [{ path, reason: 'unknown_kelurahan', message: `No kelurahan has code ${code}.` }];
  }
  if (scope.kind !== 'region' || !isRegionInArea(code, scope.regionCode)) {
    return [{ path, reason: 'outside_scope', message: `Kelurahan ${code} lies outside your area.` }];
  }
  return [];
}

/** A family card has exactly one head of family. */
export function checkOneHead(members: { relationship: string }[], path: string): FieldIssue[] {
  const heads = members.filter((m) => m.relationship === 'head').length;
  return heads === 1
    ? []
    : [{ path, reason: 'head_count', message: `A household has exactly one head; ${heads} given.` }];
}

/** A person appears only once on a family card (domain brief §2.2). */
export function checkDistinctNiks(members: { nik: string }[], path: (index: number) => string): FieldIssue[] {
  const seen = new Set<string>();
  const issues: FieldIssue[] = [];
  members.forEach((m, i) => {
    if (seen.has(m.nik))
      issues.push({ path: path(i), reason: 'duplicate', message: 'The NIK appears twice.' });
    seen.add(m.nik);
  });
  return issues;
}

/** Merges findings from several checks. */
export function mergeFindings(...all: Findings[]): Findings {
  return { issues: all.flatMap((f) => f.issues), warnings: all.flatMap((f) => f.warnings) };
}
