import id from '../i18n/id.json';
import { attributeGroups } from '../lib/values';
import type { FieldHousehold, SubmissionPayload } from './db';

/** The coded values of a registry variable, in form order (the label lists in the i18n files). */
export function optionsOf(group: keyof typeof id.enums): string[] {
  return Object.keys(id.enums[group]);
}

export const visitOutcomes = ['found', 'moved', 'not_found', 'member_deceased'] as const;
export type VisitOutcome = (typeof visitOutcomes)[number];

/** Household variables on the visit form, by Regsosek block (as the household page shows them). */
export const householdBlocks = attributeGroups;

export type FieldKind = 'enum' | 'number' | 'nullableNumber' | 'boolean';

export function kindOf(field: string): FieldKind {
  if (field.startsWith('has') || field === 'chronicIllness') return 'boolean';
  if (field === 'floorAreaM2') return 'number';
  if (field === 'electricityVa' || field === 'propertyNjop') return 'nullableNumber';
  return 'enum';
}

/** Member fields an officer may change in the field (identity is corrected at the desk). */
export const memberFields = [
  'maritalStatus',
  'education',
  'occupation',
  'schoolEnrolment',
  'disability',
  'chronicIllness',
] as const;
export type MemberField = (typeof memberFields)[number];

export type Presence = 'present' | 'moved_out' | 'died';

export interface MemberForm {
  personId: number;
  fields: Record<MemberField, unknown>;
  presence: Presence;
  leaveDate: string;
}

/** A member the officer found living there who is not on the card: proposed, registered at the desk. */
export interface NewMemberForm {
  ref: string;
  nik: string;
  name: string;
  sex: string;
  birthDate: string;
  relationship: string;
  maritalStatus: string;
  education: string;
  occupation: string;
  schoolEnrolment: string;
}

export interface VisitForm {
  outcome: VisitOutcome;
  address: { address: string; rt: string; rw: string };
  household: Record<string, unknown>;
  members: MemberForm[];
  added: NewMemberForm[];
  notes: string;
}

/** The form as the household was downloaded. */
export function initialVisit(household: FieldHousehold): VisitForm {
  return {
    outcome: 'found',
    address: { address: household.address, rt: household.rt, rw: household.rw },
    household: { ...household.attributes },
    members: household.members.map((m) => ({
      personId: m.personId,
      fields: Object.fromEntries(memberFields.map((f) => [f, m[f]])) as Record<MemberField, unknown>,
      presence: 'present',
      leaveDate: '',
    })),
    added: [],
    notes: '',
  };
}

export function emptyNewMember(ref: string): NewMemberForm {
  return {
    ref,
    nik: '',
    name: '',
    sex: 'F',
    birthDate: '',
    relationship: 'child',
    maritalStatus: 'single',
    education: 'none',
    occupation: 'not_working',
    schoolEnrolment: 'not_yet',
  };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** How many values the form changes against the downloaded household (what the officer is about to send). */
export function countChanges(household: FieldHousehold, form: VisitForm): number {
  const submission = buildSubmission(household, form, { clientId: '', capturedAt: '' });
  const members = submission.members as { op: string; fields?: object }[];
  return (
    Object.keys(submission.household as object).length +
    members.reduce((n, m) => n + (m.op === 'change' ? Object.keys(m.fields ?? {}).length : 1), 0)
  );
}

/**
 * The visit as the API takes it: only the values that differ from the downloaded household, judged on the
 * server against `baseVersion` (the version the officer started from).
 */
export function buildSubmission(
  household: FieldHousehold,
  form: VisitForm,
  meta: {
    clientId: string;
    capturedAt: string;
    location?: { latitude: number; longitude: number; accuracyM?: number };
  },
): SubmissionPayload {
  const changedHousehold: Record<string, unknown> = {};
  for (const field of ['address', 'rt', 'rw'] as const)
    if (form.address[field].trim() !== household[field]) changedHousehold[field] = form.address[field].trim();
  for (const [field, value] of Object.entries(form.household))
    if (!same(value, household.attributes[field])) changedHousehold[field] = value;
  const members: Record<string, unknown>[] = [];
  for (const member of form.members) {
    const before = household.members.find((m) => m.personId === member.personId);
    if (!before) continue;
    if (member.presence !== 'present') {
      members.push({
        op: 'leave',
        personId: member.personId,
        reason: member.presence,
        ...(member.leaveDate ? { date: member.leaveDate } : {}),
      });
      continue;
    }
    const fields = Object.fromEntries(
      Object.entries(member.fields).filter(([field, value]) => !same(value, before[field])),
    );
    if (Object.keys(fields).length > 0) members.push({ op: 'change', personId: member.personId, fields });
  }
  for (const added of form.added) {
    const { ref, ...person } = added;
    members.push({ op: 'add', ref, person: { ...person, name: person.name.trim(), nik: person.nik.trim() } });
  }
  return {
    clientId: meta.clientId,
    householdId: household.id,
    baseVersion: household.version,
    capturedAt: meta.capturedAt,
    outcome: form.outcome,
    household: changedHousehold,
    members,
    ...(form.notes.trim() ? { notes: form.notes.trim() } : {}),
    ...(meta.location ? { location: meta.location } : {}),
  };
}

/** A phone photo scaled down to at most `maxSide` pixels as JPEG (uploads stay well under the 5 MB limit). */
export async function shrinkPhoto(file: File, maxSide = 1600): Promise<Blob> {
  try {
    const bitmap = await createImageBitmap(file);
    const scale = Math.min(1, maxSide / Math.max(bitmap.width, bitmap.height));
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(bitmap.width * scale);
    canvas.height = Math.round(bitmap.height * scale);
    canvas.getContext('2d')?.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.82));
    return blob ?? file;
  } catch {
    return file;
  }
}
