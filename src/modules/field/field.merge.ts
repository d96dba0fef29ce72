/**
 * Field-by-field merge of a field submission against the registry (issue 4, part 3). A submission proposes
 * values for keys — `hasCar`, `members.<personId>.<field>`, `members.<personId>` (leaving), `members.new.<ref>` —
 * each judged against the household as it was at the officer's base version and as it is now:
 * - the registry already holds the proposed value: `unchanged` (nothing to do, not stored);
 * - nobody else changed the key since the base version: `clean`;
 * - someone else did (to another value): `conflict`, for a reviewer to choose. A change the same officer made
 *   through an earlier approved submission is not someone else's.
 * Pending submissions of other officers that propose another value for the same key are conflicts too (both).
 */
import type { FieldSubmissionInput } from './field.contracts.ts';
import type { HouseholdState, MemberRecord, ProvenanceMap } from '../registry/registry.state.ts';

export interface ProposedChange {
  key: string;
  proposed: unknown;
}

export interface JudgedChange extends ProposedChange {
  base: unknown;
  current: unknown;
  state: 'clean' | 'conflict' | 'unchanged';
}

/** Comparable form: JSON with object keys sorted (jsonb keeps no key order). */
function canonical(value: unknown): string {
  return JSON.stringify(value ?? null, (_k, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)),
        )
      : v,
  );
}

export const sameValue = (a: unknown, b: unknown) => canonical(a) === canonical(b);

/** The keys and values a submission proposes, in a stable order. */
export function proposedChanges(input: FieldSubmissionInput): ProposedChange[] {
  const changes: ProposedChange[] = Object.entries(input.household)
    .filter(([, value]) => value !== undefined)
    .map(([field, value]) => ({ key: field, proposed: value }));
  for (const member of input.members) {
    if (member.op === 'change')
      for (const [field, value] of Object.entries(member.fields))
        if (value !== undefined)
          changes.push({ key: `members.${member.personId}.${field}`, proposed: value });
    if (member.op === 'leave')
      changes.push({
        key: `members.${member.personId}`,
        proposed: { left: member.reason, ...(member.date ? { date: member.date } : {}) },
      });
    if (member.op === 'add') changes.push({ key: `members.new.${member.ref}`, proposed: member.person });
  }
  return changes;
}

const currentMember = (state: HouseholdState, personId: number): MemberRecord | undefined =>
  state.members.find((m) => m.person.id === personId && m.endDate === null);

/** The person ids a submission names that are not current members of the household in `state`. */
export function unknownMembers(input: FieldSubmissionInput, state: HouseholdState): number[] {
  const named = input.members.flatMap((m) => (m.op === 'add' ? [] : [m.personId]));
  return [...new Set(named)].filter((id) => currentMember(state, id) === undefined);
}

/** The value of `key` in a household state (undefined parts read as null). */
export function valueAt(state: HouseholdState, key: string): unknown {
  const parts = key.split('.');
  if (parts[0] !== 'members') return (state.household as unknown as Record<string, unknown>)[key] ?? null;
  if (parts[1] === 'new') return null;
  const member = currentMember(state, Number(parts[1]));
  if (parts.length === 2) return member ? 'present' : null;
  if (!member) return null;
  const field = parts[2]!;
  if (field === 'relationship') return member.relationship;
  return (member.person as unknown as Record<string, unknown>)[field] ?? null;
}

/** Who last wrote `key` in the registry, if the registry keeps provenance for it. */
function provenanceOf(state: HouseholdState, key: string): ProvenanceMap[string] | undefined {
  const parts = key.split('.');
  if (parts[0] !== 'members') return state.household.provenance[key];
  if (parts.length !== 3) return undefined;
  return currentMember(state, Number(parts[1]))?.person.provenance[parts[2]!];
}

/** Judges each proposed change against the base and the current state (see the module comment). */
export function judgeChanges(
  changes: readonly ProposedChange[],
  base: HouseholdState,
  current: HouseholdState,
  officerId: number,
): JudgedChange[] {
  return changes.map((change) => {
    const baseValue = valueAt(base, change.key);
    const currentValue = valueAt(current, change.key);
    const judged = { ...change, base: baseValue, current: currentValue };
    if (sameValue(currentValue, change.proposed)) return { ...judged, state: 'unchanged' };
    const writer = provenanceOf(current, change.key);
    const ownEarlierChange = writer?.source === 'field-verification' && writer.actorId === officerId;
    if (sameValue(currentValue, baseValue) || ownEarlierChange) return { ...judged, state: 'clean' };
    return { ...judged, state: 'conflict' };
  });
}
