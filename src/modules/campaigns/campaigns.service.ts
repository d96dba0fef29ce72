/**
 * Verification campaigns (issue 4, part 1): a purpose, an area, a period and criteria choose the households to
 * visit; area staff preview them by kelurahan and RW, assign them to field officers with quotas and follow the
 * progress per officer and per area. Only the area roles manage campaigns, each within their own area; a campaign
 * outside the caller's area is not found.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { SessionUser } from '../../http/context.ts';
import { AppError, notFound, validationError, type FieldIssue } from '../../http/errors.ts';
import type { Role } from '../access/access.schema.ts';
import { isRegionInArea } from '../access/access.scope.ts';
import { recordAudit, type AuditEntry } from '../audit/audit.service.ts';
import type {
  AssignInput,
  AssignResult,
  Campaign,
  CampaignPreview,
  CampaignProgress,
  CreateCampaignInput,
  ProgressCounts,
} from './campaigns.contracts.ts';
import {
  assignHouseholds,
  findCampaign,
  findRegions,
  findUsers,
  listFieldOfficers,
  listCampaigns,
  previewCounts,
  progressCounts,
  type PreviewRow,
  type ProgressRow,
} from './campaigns.repository.ts';
import { verificationCampaign, type CampaignStatus } from './campaigns.schema.ts';

const purpose = 'verification campaign';

const campaignRoles: readonly Role[] = [
  'secretariat',
  'kota_tkpk',
  'kecamatan_operator',
  'kelurahan_operator',
];

function requireCampaignRole(user: SessionUser): string {
  if (!campaignRoles.includes(user.role))
    throw new AppError(
      'FORBIDDEN',
      'Only TKPK and kecamatan or kelurahan staff manage verification campaigns.',
    );
  return user.regionCode;
}

/** The campaign as the user may see it (it overlaps their area), or a 404. */
async function visibleCampaign(db: Db, user: SessionUser, id: number, forUpdate = false): Promise<Campaign> {
  const campaign = await findCampaign(db, id, requireCampaignRole(user), { forUpdate });
  if (!campaign) throw notFound(`Campaign ${id}`);
  return campaign;
}

/** Changing a campaign itself needs an area holding all of it. */
function requireWholeArea(user: SessionUser, campaign: Campaign) {
  if (!campaign.areaCodes.every((code) => isRegionInArea(code, user.regionCode)))
    throw new AppError(
      'FORBIDDEN',
      'The campaign reaches beyond your area; it is changed by whoever covers it all.',
    );
}

const auditCampaign = (
  db: Db,
  user: SessionUser,
  action: AuditEntry['action'],
  campaignId: number | null,
  details: Record<string, unknown>,
) =>
  recordAudit(db, user, [
    {
      action,
      subjectType: 'campaign',
      subjectId: campaignId,
      regionCode: user.regionCode,
      purpose,
      details,
    },
  ]);

export async function createCampaign(
  db: Db,
  user: SessionUser,
  input: CreateCampaignInput,
): Promise<Campaign> {
  const area = requireCampaignRole(user);
  const issues: FieldIssue[] = [];
  const known = new Map(
    (await findRegions(db, [...input.areaCodes, ...(input.criteria.kecamatanCodes ?? [])])).map((r) => [
      r.code,
      r.level,
    ]),
  );
  input.areaCodes.forEach((code, i) => {
    const level = known.get(code);
    if (!level)
      issues.push({
        path: `body.areaCodes.${i}`,
        reason: 'unknown_region',
        message: `${code} is not a known region.`,
      });
  });
  input.criteria.kecamatanCodes?.forEach((code, i) => {
    if (known.get(code) !== 'kecamatan')
      issues.push({
        path: `body.criteria.kecamatanCodes.${i}`,
        reason: 'unknown_region',
        message: `${code} is not a known kecamatan.`,
      });
  });
  if (issues.length > 0) throw validationError(issues);
  if (!input.areaCodes.every((code) => isRegionInArea(code, area)))
    throw new AppError('FORBIDDEN', 'A campaign’s area must lie inside your own area.');
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(verificationCampaign)
      .values({
        name: input.name,
        purpose: input.purpose,
        areaCodes: [...new Set(input.areaCodes)],
        periodStart: input.periodStart,
        periodEnd: input.periodEnd,
        criteria: input.criteria,
        createdBy: user.id,
      })
      .returning({ id: verificationCampaign.id });
    await auditCampaign(tx, user, 'create', row!.id, { name: input.name, areaCodes: input.areaCodes });
    return (await findCampaign(tx, row!.id, area))!;
  });
}

export async function listVisibleCampaigns(
  db: Db,
  user: SessionUser,
  filter: { status?: CampaignStatus; page: number; pageSize: number },
): Promise<{ items: Campaign[]; total: number }> {
  const result = await listCampaigns(db, requireCampaignRole(user), filter);
  await auditCampaign(db, user, 'search', null, { ...filter, returned: result.items.length });
  return result;
}

export async function readCampaign(db: Db, user: SessionUser, id: number): Promise<Campaign> {
  const campaign = await visibleCampaign(db, user, id);
  await auditCampaign(db, user, 'read', id, {});
  return campaign;
}

/** draft → active → closed (a draft may be closed unused). */
const transitions: Record<CampaignStatus, CampaignStatus[]> = {
  draft: ['active', 'closed'],
  active: ['closed'],
  closed: [],
};

export async function changeCampaignStatus(
  db: Db,
  user: SessionUser,
  id: number,
  status: 'active' | 'closed',
): Promise<Campaign> {
  return db.transaction(async (tx) => {
    const campaign = await visibleCampaign(tx, user, id, true);
    requireWholeArea(user, campaign);
    if (!transitions[campaign.status].includes(status))
      throw new AppError('CONFLICT', `A ${campaign.status} campaign cannot become ${status}.`);
    await tx.execute(
      sql`UPDATE verification_campaign SET status = ${status}, updated_at = now() WHERE id = ${id}`,
    );
    await auditCampaign(tx, user, 'update', id, { from: campaign.status, to: status });
    return { ...campaign, status };
  });
}

/** Counts of matching households by kelurahan and RW, within the caller's area; aggregates only. */
export async function previewCampaign(db: Db, user: SessionUser, id: number): Promise<CampaignPreview> {
  const campaign = await visibleCampaign(db, user, id);
  const rows = await previewCounts(db, campaign, user.regionCode);
  const cell = (r: PreviewRow) => ({
    matching: r.matching,
    assigned: r.assigned,
    unassigned: r.matching - r.assigned,
  });
  const total = rows.find((r) => r.kelurahanCode === null);
  const preview: CampaignPreview = {
    campaignId: id,
    totals: total ? cell(total) : { matching: 0, assigned: 0, unassigned: 0 },
    kelurahan: rows
      .filter((r) => r.kelurahanCode !== null && r.rw === null)
      .map((k) => ({
        kelurahanCode: k.kelurahanCode!,
        kelurahanName: k.kelurahanName!,
        ...cell(k),
        rws: rows
          .filter((r) => r.kelurahanCode === k.kelurahanCode && r.rw !== null)
          .map((r) => ({ rw: r.rw!, ...cell(r) })),
      })),
  };
  await auditCampaign(db, user, 'read', id, { view: 'preview', matching: preview.totals.matching });
  return preview;
}

/** Checks assignment lines against the campaign, the caller's area and the officers; throws one 400 for all. */
async function checkLines(db: Db, user: SessionUser, campaign: Campaign, lines: AssignInput['lines']) {
  const issues: FieldIssue[] = [];
  const officers = new Map(
    (await findUsers(db, [...new Set(lines.map((l) => l.officerId))])).map((u) => [u.id, u]),
  );
  const levels = new Map(
    (await findRegions(db, [...new Set(lines.map((l) => l.kelurahanCode))])).map((r) => [r.code, r.level]),
  );
  const seen = new Set<string>();
  lines.forEach((line, i) => {
    const at = `body.lines.${i}`;
    const officer = officers.get(line.officerId);
    if (!officer || officer.role !== 'field_officer' || !officer.isActive)
      issues.push({
        path: `${at}.officerId`,
        reason: 'not_field_officer',
        message: `User ${line.officerId} is not an active field officer.`,
      });
    else if (!isRegionInArea(line.kelurahanCode, officer.regionCode))
      issues.push({
        path: `${at}.kelurahanCode`,
        reason: 'outside_officer_area',
        message: `${line.kelurahanCode} is outside the area of field officer ${line.officerId}.`,
      });
    if (levels.get(line.kelurahanCode) !== 'kelurahan')
      issues.push({
        path: `${at}.kelurahanCode`,
        reason: 'unknown_region',
        message: `${line.kelurahanCode} is not a known kelurahan.`,
      });
    else if (!isRegionInArea(line.kelurahanCode, user.regionCode))
      issues.push({
        path: `${at}.kelurahanCode`,
        reason: 'outside_area',
        message: `${line.kelurahanCode} is outside your area.`,
      });
    else if (!campaign.areaCodes.some((code) => isRegionInArea(line.kelurahanCode, code)))
      issues.push({
        path: `${at}.kelurahanCode`,
        reason: 'outside_campaign',
        message: `${line.kelurahanCode} is outside the campaign’s area.`,
      });
    // One line per officer and place, and not both a whole-kelurahan line and an RW line of the same kelurahan:
    // either would make the officer's quota there ambiguous.
    const key = `${line.officerId}|${line.kelurahanCode}`;
    const rwKey = `${key}|${line.rw ?? '*'}`;
    if (seen.has(rwKey) || seen.has(line.rw === undefined ? `${key}|rw` : `${key}|*`))
      issues.push({
        path: at,
        reason: 'duplicate_line',
        message: `Officer ${line.officerId} has another line for ${line.kelurahanCode}${line.rw ? ` RW ${line.rw}` : ''}.`,
      });
    seen.add(rwKey);
    if (line.rw !== undefined) seen.add(`${key}|rw`);
  });
  if (issues.length > 0) throw validationError(issues);
}

/**
 * Assigns matching, not yet assigned households to officers, line by line up to each quota, in one statement
 * under the campaign's row lock (so two assignments of one campaign cannot both fill a quota). The officers then
 * download them from `GET /field/households`. Each assigned household is audited: it is now readable by its
 * officer.
 */
export async function assignCampaign(
  db: Db,
  user: SessionUser,
  id: number,
  input: AssignInput,
): Promise<AssignResult> {
  return db.transaction(async (tx) => {
    const campaign = await visibleCampaign(tx, user, id, true);
    if (campaign.status !== 'active')
      throw new AppError(
        'CONFLICT',
        `Households are assigned while a campaign is active; this one is ${campaign.status}.`,
      );
    await checkLines(tx, user, campaign, input.lines);
    const { held, rows } = await assignHouseholds(tx, campaign, user.regionCode, user.id, input.lines);
    const lines = input.lines.map((line, index) => {
      const before = held.get(index) ?? 0;
      const assigned = rows.filter((r) => r.line === index).length;
      return {
        officerId: line.officerId,
        kelurahanCode: line.kelurahanCode,
        rw: line.rw ?? null,
        quota: line.quota,
        held: before,
        assigned,
        shortfall: Math.max(line.quota - before - assigned, 0),
      };
    });
    await auditCampaign(tx, user, 'update', id, {
      assigned: rows.length,
      lines: lines.map((l) => ({
        officerId: l.officerId,
        kelurahanCode: l.kelurahanCode,
        rw: l.rw,
        n: l.assigned,
      })),
    });
    await recordAudit(
      tx,
      user,
      rows.map((r) => ({
        action: 'update' as const,
        subjectType: 'household' as const,
        subjectId: r.householdId,
        regionCode: r.kelurahanCode,
        purpose: `${purpose} assignment`,
        details: { campaignId: id, officerId: input.lines[r.line]!.officerId },
      })),
    );
    return { campaignId: id, assigned: rows.length, lines };
  });
}

function counts(row: ProgressRow): ProgressCounts {
  return {
    assigned: row.assigned,
    visited: row.visited,
    approved: row.approved,
    remaining: row.assigned - row.visited,
    percent: row.assigned === 0 ? 0 : Math.round((1000 * row.visited) / row.assigned) / 10,
  };
}

/** Progress per officer and per kelurahan and RW, within the caller's area; aggregates only. */
export async function campaignProgress(db: Db, user: SessionUser, id: number): Promise<CampaignProgress> {
  const campaign = await visibleCampaign(db, user, id);
  const rows = await progressCounts(db, campaign, user.regionCode);
  const total = rows.find((r) => r.grouping === 'total');
  const progress: CampaignProgress = {
    campaignId: id,
    totals: total ? counts(total) : counts({ assigned: 0, visited: 0, approved: 0 } as ProgressRow),
    officers: rows
      .filter((r) => r.grouping === 'officer')
      .map((r) => ({ officerId: r.officerId!, officerName: r.officerName!, ...counts(r) })),
    kelurahan: rows
      .filter((r) => r.grouping === 'kelurahan')
      .map((k) => ({
        kelurahanCode: k.kelurahanCode!,
        kelurahanName: k.kelurahanName!,
        ...counts(k),
        rws: rows
          .filter((r) => r.grouping === 'rw' && r.kelurahanCode === k.kelurahanCode)
          .map((r) => ({ rw: r.rw!, ...counts(r) })),
      })),
  };
  await auditCampaign(db, user, 'read', id, { view: 'progress' });
  return progress;
}

/** The active field officers who can be assigned in the caller's area (names and areas; no personal data). */
export async function campaignOfficers(db: Db, user: SessionUser) {
  return { officers: await listFieldOfficers(db, requireCampaignRole(user)) };
}
