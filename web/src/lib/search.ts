/** What a registry search looks for: a name, a NIK or a KK number. */
export const searchKinds = ['name', 'nik', 'kk'] as const;
export type SearchKind = (typeof searchKinds)[number];

/** Why a search cannot be sent yet (an i18n key), or null when it can. */
export function searchProblem(by: SearchKind, term: string, region: string): string | null {
  if (by !== 'name') return /^\d{16}$/.test(term.trim()) ? null : 'search.mustBe16Digits';
  if (term.trim().length < 2) return 'search.minLength';
  // The API refuses name searches over a whole province (no dot in the code): they would browse millions of names.
  return region.includes('.') ? null : 'search.pickRegion';
}
