/**
 * The rules of each change-request type (issue 4, part 5): which documents back it, how long verification may
 * take, and the monthly update cycle a request belongs to. Deadlines and the cut-off day are defaults that an
 * administrator may change at run time (`app_setting`).
 */
import { inArray, sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.ts';
import type { FieldIssue } from '../../http/errors.ts';
import { appSetting, changeRequestTypes, type ChangeRequestType } from './requests.schema.ts';

/** The kinds of document a requester may attach. */
export const evidenceKinds = [
  'akta_kelahiran',
  'surat_keterangan_lahir',
  'akta_kematian',
  'surat_keterangan_kematian',
  'surat_pindah',
  'ktp',
  'kartu_keluarga',
  'surat_keterangan_domisili',
  'foto',
  'dokumen_pendukung',
] as const;
export type EvidenceKind = (typeof evidenceKinds)[number];

interface TypeRule {
  /** Any of these kinds satisfies the rule. */
  accepted: readonly EvidenceKind[];
  /** How many documents of those kinds at least. */
  min: number;
  /** Whether the request concerns an existing household (all but a new-household proposal). */
  householdBound: boolean;
}

/**
 * Evidence per type, after the Dukcapil documents that prove each event (domain brief §5): a birth by the birth
 * certificate or the midwife's or hospital's letter, a death by the death certificate or the RT/RW or hospital
 * letter, a move by the transfer letter (SKPWNI) or the KTP/KK, a split or merge by the new family card, a new
 * household by its family card or a domicile letter, a correction by any supporting document or a photo. A
 * challenge to a recipient may be anonymous in substance, so it needs none (a photo helps the verifier).
 */
export const typeRules: Record<ChangeRequestType, TypeRule> = {
  birth: { accepted: ['akta_kelahiran', 'surat_keterangan_lahir'], min: 1, householdBound: true },
  death: { accepted: ['akta_kematian', 'surat_keterangan_kematian'], min: 1, householdBound: true },
  move_in: { accepted: ['surat_pindah', 'ktp', 'kartu_keluarga'], min: 1, householdBound: true },
  move_out: { accepted: ['surat_pindah'], min: 1, householdBound: true },
  household_split: { accepted: ['kartu_keluarga'], min: 1, householdBound: true },
  household_merge: { accepted: ['kartu_keluarga'], min: 1, householdBound: true },
  new_household: {
    accepted: ['kartu_keluarga', 'surat_keterangan_domisili'],
    min: 1,
    householdBound: false,
  },
  correction: {
    accepted: ['dokumen_pendukung', 'foto', 'ktp', 'kartu_keluarga'],
    min: 1,
    householdBound: true,
  },
  recipient_challenge: { accepted: ['foto', 'dokumen_pendukung'], min: 0, householdBound: true },
};

/** Issues with the documents given for a type: too few of the accepted kinds, or a kind the type does not take. */
export function checkEvidenceKinds(
  type: ChangeRequestType,
  kinds: readonly string[],
  path: string,
): FieldIssue[] {
  const rule = typeRules[type];
  const issues: FieldIssue[] = kinds.flatMap((kind, i) =>
    (rule.accepted as readonly string[]).includes(kind)
      ? []
      : [
          {
            path: `${path}.${i}.kind`,
            reason: 'kind_not_accepted',
            message: `A ${type} request takes ${rule.accepted.join(', ')}.`,
          },
        ],
  );
  if (kinds.length < rule.min)
    issues.push({
      path,
      reason: 'evidence_required',
      message: `A ${type} request needs at least ${rule.min} of: ${rule.accepted.join(', ')}.`,
    });
  return issues;
}

export interface RequestSettings {
  /** Day of the month that closes an update cycle (requests after it go to the next month's cycle). */
  cutoffDay: number;
  /** Days a reviewer has to verify each type. */
  deadlineDays: Record<ChangeRequestType, number>;
}

export const defaultSettings: RequestSettings = {
  cutoffDay: 17,
  deadlineDays: Object.fromEntries(changeRequestTypes.map((t) => [t, 14])) as Record<
    ChangeRequestType,
    number
  >,
};

const settingKeys = { cutoffDay: 'change_request.cutoff_day', deadlineDays: 'change_request.deadline_days' };

/** The settings in force: the stored values over the defaults. */
export async function readSettings(db: Db): Promise<RequestSettings> {
  const rows = await db
    .select({ key: appSetting.key, value: appSetting.value })
    .from(appSetting)
    .where(inArray(appSetting.key, Object.values(settingKeys)));
  const stored = new Map(rows.map((r) => [r.key, r.value]));
  return {
    cutoffDay: (stored.get(settingKeys.cutoffDay) as number | undefined) ?? defaultSettings.cutoffDay,
    deadlineDays: {
      ...defaultSettings.deadlineDays,
      ...(stored.get(settingKeys.deadlineDays) as Partial<Record<ChangeRequestType, number>> | undefined),
    },
  };
}

/** Stores the settings (both keys, upserted) as changed by `userId`. */
export async function writeSettings(db: Db, settings: RequestSettings, userId: number): Promise<void> {
  await db
    .insert(appSetting)
    .values([
      { key: settingKeys.cutoffDay, value: settings.cutoffDay, updatedBy: userId },
      { key: settingKeys.deadlineDays, value: settings.deadlineDays, updatedBy: userId },
    ])
    .onConflictDoUpdate({
      target: appSetting.key,
      set: { value: sql`excluded.value`, updatedBy: userId, updatedAt: sql`now()` },
    });
}

/** Jakarta's offset from UTC (WIB, no daylight saving): cycles and cut-offs follow the calendar in Jakarta. */
const wibOffsetMs = 7 * 60 * 60 * 1000;

/**
 * The update cycle (`YYYY-MM`) of a request made at `at`: the month in Jakarta when the day is on or before the
 * cut-off, else the next month.
 */
export function cycleOf(at: Date, cutoffDay: number): string {
  const local = new Date(at.getTime() + wibOffsetMs);
  let year = local.getUTCFullYear();
  let month = local.getUTCMonth() + 1;
  if (local.getUTCDate() > cutoffDay) {
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
  }
  return `${year}-${String(month).padStart(2, '0')}`;
}

/** When verification of a request made at `at` is due. */
export function dueAtOf(at: Date, days: number): Date {
  return new Date(at.getTime() + days * 24 * 60 * 60 * 1000);
}

/** Marks requests past their deadline and still undecided as overdue (set-based); returns how many. */
export async function markOverdueRequests(db: Db): Promise<number> {
  const rows = await queryRows<{ id: number }>(
    db,
    sql`UPDATE change_request SET overdue_since = due_at
        WHERE status IN ('submitted', 'verifying') AND overdue_since IS NULL AND due_at < now()
        RETURNING id`,
  );
  return rows.length;
}
