/**
 * Plans (issue 5, part 2): the five-year RPKD and the yearly RAT of a tier, their activities, quarterly progress,
 * the approval flow and plan-against-realisation reports.
 *
 * Rules:
 * - An agency user drafts plans of its own organisation within its area, edits them while draft or returned, and
 *   submits them. Submitted, reviewed and approved plans are not editable: an approved plan is final (edits are
 *   refused with 409; a change needs a new plan).
 * - The TKPK secretariat reviews, returns (with a note) and approves any plan; a kota TKPK those of its kota
 *   (kota and kecamatan tiers). draft|returned → submitted → reviewed → approved; submitted|reviewed → returned.
 *   Every transition is kept in plan_status_change with who and when.
 * - Progress is filed by the agency responsible for an activity of a RAT, for the activity's budget year, once the
 *   RAT is approved (an RPKD is the five-year frame, realised through its RATs, so it takes no progress and is left
 *   out of realisation, which would otherwise count the same work twice). Re-filing a quarter replaces the figures and keeps the replaced filing in plan_progress_history.
 */
import type { Db } from '../../db/client.ts';
import type { SessionUser } from '../../http/context.ts';
import { AppError, notFound, validationError, type FieldIssue } from '../../http/errors.ts';
import type { Role } from '../access/access.schema.ts';
import { isRegionInArea } from '../access/access.scope.ts';
import type {
  Activity,
  ActivityInput,
  CreatePlanInput,
  Plan,
  PlanAction,
  PlanDetail,
  ProgressInput,
  Realisation,
  RealisationGroupBy,
} from './plans.contracts.ts';
import {
  changeStatus,
  deleteActivity,
  findActivities,
  findPlan,
  findRegions,
  insertActivity,
  insertPlan,
  listPlans,
  planHistory,
  programExists,
  realisationRows,
  recordCreation,
  replaceActivity,
  touchPlan,
  updatePlanTitle,
  upsertProgress,
  type PlanVisibility,
} from './plans.repository.ts';
import type { PlanStatus } from './plans.schema.ts';

/** Who may do what with plans (declarative; the permission test writes its own expectations independently). */
export const planRoles = {
  read: ['secretariat', 'kota_tkpk', 'kecamatan_operator', 'agency', 'inspector', 'partner'],
  draft: ['agency'],
  review: ['secretariat', 'kota_tkpk'],
  progress: ['agency'],
} as const satisfies Record<string, readonly Role[]>;

const has = (roles: readonly Role[], user: SessionUser) => roles.includes(user.role);

/** Which plans the user sees; roles without plan access are refused. */
function visibilityOf(user: SessionUser): PlanVisibility {
  if (!has(planRoles.read, user)) throw new AppError('FORBIDDEN', 'Your role has no access to plans.');
  switch (user.role) {
    case 'secretariat':
    case 'inspector':
      return { kind: 'all' };
    case 'kota_tkpk':
    case 'kecamatan_operator':
      return { kind: 'area', areaCode: user.regionCode };
    case 'agency':
      return { kind: 'agency', organisation: user.organisation ?? '' };
    case 'partner':
    case 'kelurahan_operator':
    case 'field_officer':
      return { kind: 'approved' };
  }
}

/** The same rule as `visibilityCondition`, for one plan already read. */
function canSee(visibility: PlanVisibility, plan: Plan): boolean {
  switch (visibility.kind) {
    case 'all':
      return true;
    case 'area':
      return (
        isRegionInArea(plan.regionCode, visibility.areaCode) ||
        isRegionInArea(visibility.areaCode, plan.regionCode)
      );
    case 'agency':
      return plan.ownerAgency === visibility.organisation || plan.status === 'approved';
    case 'approved':
      return plan.status === 'approved';
  }
}

async function visiblePlan(db: Db, user: SessionUser, id: number, forUpdate = false): Promise<Plan> {
  const visibility = visibilityOf(user);
  const plan = await findPlan(db, id, { forUpdate });
  if (!plan || !canSee(visibility, plan)) throw notFound(`Plan ${id}`);
  return plan;
}

const editableStatuses: readonly PlanStatus[] = ['draft', 'returned'];

/** True when the user is the plan's owner agency (may draft, edit and submit it). */
const isOwner = (user: SessionUser, plan: Plan) =>
  has(planRoles.draft, user) && user.organisation !== null && user.organisation === plan.ownerAgency;

/** True when the user reviews the plan: the secretariat any plan, a kota TKPK those of its kota. */
const isReviewer = (user: SessionUser, plan: Plan) =>
  user.role === 'secretariat' ||
  (user.role === 'kota_tkpk' && isRegionInArea(plan.regionCode, user.regionCode));

function requireEditable(user: SessionUser, plan: Plan) {
  if (!isOwner(user, plan))
    throw new AppError('FORBIDDEN', 'Only the owning agency edits its plan.', { planId: plan.id });
  if (plan.status === 'approved')
    throw new AppError('CONFLICT', 'An approved plan cannot be edited; draft a new plan instead.');
  if (!editableStatuses.includes(plan.status))
    throw new AppError('CONFLICT', `A ${plan.status} plan is under review and cannot be edited.`);
}

/** The transitions: who may take each, from which statuses, to which status. */
const transitions: Record<
  PlanAction,
  { from: readonly PlanStatus[]; to: PlanStatus; allowed: (u: SessionUser, p: Plan) => boolean }
> = {
  submit: { from: ['draft', 'returned'], to: 'submitted', allowed: isOwner },
  review: { from: ['submitted'], to: 'reviewed', allowed: isReviewer },
  return: { from: ['submitted', 'reviewed'], to: 'returned', allowed: isReviewer },
  approve: { from: ['reviewed'], to: 'approved', allowed: isReviewer },
};

const pastTense: Record<PlanAction, string> = {
  submit: 'submitted',
  review: 'reviewed',
  return: 'returned',
  approve: 'approved',
};

function allowedActions(user: SessionUser, plan: Plan): PlanDetail['allowedActions'] {
  const actions: PlanDetail['allowedActions'] = [];
  if (isOwner(user, plan) && editableStatuses.includes(plan.status)) actions.push('edit');
  for (const [action, t] of Object.entries(transitions) as [PlanAction, (typeof transitions)[PlanAction]][])
    if (t.from.includes(plan.status) && t.allowed(user, plan)) actions.push(action);
  if (plan.kind === 'rat' && plan.status === 'approved' && has(planRoles.progress, user))
    actions.push('file_progress');
  return actions;
}

export function listVisiblePlans(
  db: Db,
  user: SessionUser,
  filter: { kind?: string; status?: PlanStatus; year?: number },
): Promise<Plan[]> {
  return listPlans(db, visibilityOf(user), filter);
}

export async function readPlan(db: Db, user: SessionUser, id: number): Promise<PlanDetail> {
  const plan = await visiblePlan(db, user, id);
  const [activities, history] = await Promise.all([findActivities(db, id), planHistory(db, id)]);
  return { ...plan, activities, history, allowedActions: allowedActions(user, plan) };
}

export async function createPlan(db: Db, user: SessionUser, input: CreatePlanInput): Promise<PlanDetail> {
  if (!has(planRoles.draft, user) || !user.organisation)
    throw new AppError('FORBIDDEN', 'Plans are drafted by agency users of an organisation.');
  const issues: FieldIssue[] = [];
  const [tier] = await findRegions(db, [input.regionCode]);
  if (!tier || tier.level === 'kelurahan')
    issues.push({
      path: 'body.regionCode',
      reason: 'unknown_region',
      message: `${input.regionCode} is not a known province, kota or kecamatan.`,
    });
  if (input.kind === 'rpkd' && input.parentPlanId !== undefined)
    issues.push({
      path: 'body.parentPlanId',
      reason: 'not_allowed',
      message: 'An RPKD has no parent plan.',
    });
  if (input.parentPlanId !== undefined && input.kind === 'rat') {
    const parent = await findPlan(db, input.parentPlanId);
    if (
      !parent ||
      parent.kind !== 'rpkd' ||
      parent.regionCode !== input.regionCode ||
      input.yearFrom < parent.yearFrom ||
      input.yearFrom > parent.yearTo
    )
      issues.push({
        path: 'body.parentPlanId',
        reason: 'invalid_parent',
        message: 'The parent must be an RPKD of the same region covering the year.',
      });
  }
  if (issues.length > 0) throw validationError(issues);
  if (!isRegionInArea(input.regionCode, user.regionCode))
    throw new AppError('FORBIDDEN', 'A plan’s tier must lie inside your own area.');
  const id = await db.transaction(async (tx) => {
    const planId = await insertPlan(tx, {
      ...input,
      yearTo: input.kind === 'rpkd' ? input.yearFrom + 4 : input.yearFrom,
      ownerAgency: user.organisation!,
      createdBy: user.id,
    });
    await recordCreation(tx, planId, user.id);
    return planId;
  });
  return readPlan(db, user, id);
}

export async function updatePlan(
  db: Db,
  user: SessionUser,
  id: number,
  input: { title: string },
): Promise<PlanDetail> {
  await db.transaction(async (tx) => {
    requireEditable(user, await visiblePlan(tx, user, id, true));
    await updatePlanTitle(tx, id, input.title);
  });
  return readPlan(db, user, id);
}

/** Checks an activity against its plan: years inside the plan, a known program, locations inside the tier. */
async function checkActivity(db: Db, plan: Plan, input: ActivityInput): Promise<void> {
  const issues: FieldIssue[] = [];
  const inPlan = (year: number) => year >= plan.yearFrom && year <= plan.yearTo;
  if (!inPlan(input.budgetYear))
    issues.push({
      path: 'body.budgetYear',
      reason: 'outside_plan',
      message: `The budget year must lie within ${plan.yearFrom}–${plan.yearTo}.`,
    });
  if (input.programCode !== undefined && !(await programExists(db, input.programCode)))
    issues.push({
      path: 'body.programCode',
      reason: 'unknown_program',
      message: `${input.programCode} is not in the program catalogue.`,
    });
  const known = new Map(
    (await findRegions(db, input.priorityLocations)).map((r) => [r.code, r.level] as const),
  );
  input.priorityLocations.forEach((code, i) => {
    const level = known.get(code);
    if ((level !== 'kecamatan' && level !== 'kelurahan') || !isRegionInArea(code, plan.regionCode))
      issues.push({
        path: `body.priorityLocations.${i}`,
        reason: 'invalid_location',
        message: `${code} is not a kecamatan or kelurahan inside ${plan.regionCode}.`,
      });
  });
  input.indicators.forEach((indicator, i) => {
    indicator.targets.forEach((t, j) => {
      if (!inPlan(t.year))
        issues.push({
          path: `body.indicators.${i}.targets.${j}.year`,
          reason: 'outside_plan',
          message: `Target years must lie within ${plan.yearFrom}–${plan.yearTo}.`,
        });
    });
    if (new Set(indicator.targets.map((t) => t.year)).size !== indicator.targets.length)
      issues.push({
        path: `body.indicators.${i}.targets`,
        reason: 'duplicate_year',
        message: 'One target per year.',
      });
  });
  const codes = input.indicators.map((i) => `${i.kind}:${i.indicatorCode}`);
  if (new Set(codes).size !== codes.length)
    issues.push({ path: 'body.indicators', reason: 'duplicate', message: 'An indicator is listed twice.' });
  if (issues.length > 0) throw validationError(issues);
}

async function editActivities<T>(
  db: Db,
  user: SessionUser,
  planId: number,
  work: (tx: Db, plan: Plan) => Promise<T>,
): Promise<T> {
  return db.transaction(async (tx) => {
    const plan = await visiblePlan(tx, user, planId, true);
    requireEditable(user, plan);
    const result = await work(tx, plan);
    await touchPlan(tx, planId);
    return result;
  });
}

async function planActivity(db: Db, planId: number, activityId: number): Promise<Activity> {
  const [activity] = await findActivities(db, planId, activityId);
  if (!activity) throw notFound(`Activity ${activityId} of plan ${planId}`);
  return activity;
}

export async function addActivity(
  db: Db,
  user: SessionUser,
  planId: number,
  input: ActivityInput,
): Promise<Activity> {
  const id = await editActivities(db, user, planId, async (tx, plan) => {
    await checkActivity(tx, plan, input);
    return insertActivity(tx, planId, input);
  });
  return planActivity(db, planId, id);
}

export async function updateActivity(
  db: Db,
  user: SessionUser,
  planId: number,
  activityId: number,
  input: ActivityInput,
): Promise<Activity> {
  await editActivities(db, user, planId, async (tx, plan) => {
    await planActivity(tx, planId, activityId);
    await checkActivity(tx, plan, input);
    await replaceActivity(tx, activityId, input);
  });
  return planActivity(db, planId, activityId);
}

export async function removeActivity(
  db: Db,
  user: SessionUser,
  planId: number,
  activityId: number,
): Promise<void> {
  await editActivities(db, user, planId, async (tx) => {
    await planActivity(tx, planId, activityId);
    await deleteActivity(tx, activityId);
  });
}

export async function transitionPlan(
  db: Db,
  user: SessionUser,
  id: number,
  input: { action: PlanAction; note?: string },
): Promise<PlanDetail> {
  await db.transaction(async (tx) => {
    const plan = await visiblePlan(tx, user, id, true);
    const t = transitions[input.action];
    if (!t.allowed(user, plan))
      throw new AppError('FORBIDDEN', `Your role may not ${input.action} this plan.`, {
        action: input.action,
      });
    if (!t.from.includes(plan.status))
      throw new AppError('CONFLICT', `A ${plan.status} plan cannot be ${pastTense[input.action]}.`, {
        status: plan.status,
      });
    if (input.action === 'submit' && plan.activityCount === 0)
      throw new AppError('CONFLICT', 'A plan needs at least one activity before it is submitted.');
    await changeStatus(tx, id, {
      from: plan.status,
      to: t.to,
      note: input.note ?? null,
      actedBy: user.id,
    });
  });
  return readPlan(db, user, id);
}

export async function fileProgress(
  db: Db,
  user: SessionUser,
  planId: number,
  activityId: number,
  input: ProgressInput,
): Promise<Activity> {
  await db.transaction(async (tx) => {
    const plan = await visiblePlan(tx, user, planId, true);
    const activity = await planActivity(tx, planId, activityId);
    if (!has(planRoles.progress, user) || user.organisation !== activity.responsibleAgency)
      throw new AppError('FORBIDDEN', 'Progress is filed by the agency responsible for the activity.');
    if (plan.kind !== 'rat')
      throw new AppError(
        'CONFLICT',
        'Progress is filed against the yearly action plan (RAT); an RPKD is realised through its RATs.',
      );
    if (plan.status !== 'approved')
      throw new AppError('CONFLICT', 'Progress is filed only once the plan is approved.');
    if (input.year !== activity.budgetYear)
      throw validationError([
        {
          path: 'body.year',
          reason: 'outside_budget_year',
          message: `Progress of this activity is filed for ${activity.budgetYear}.`,
        },
      ]);
    await upsertProgress(tx, activityId, input, user.id);
  });
  return planActivity(db, planId, activityId);
}

/**
 * Plan against realisation: for the approved RATs whose tier lies in `regionCode`, the activities budgeted in
 * `year`, grouped by agency, program, area (the child areas of `regionCode`, by code prefix) or activity; budget
 * and output realised are cumulative from Q1 to `quarter`. For the dashboard and the LP2KD report.
 */
export async function planRealisation(
  db: Db,
  params: { year: number; quarter?: number; regionCode: string; groupBy: RealisationGroupBy },
): Promise<Realisation> {
  const quarter = params.quarter ?? 4;
  const rows = await realisationRows(db, { ...params, quarter });
  const strip = ({ isTotal: _t, ...row }: (typeof rows)[number]) => row;
  const total = rows.find((r) => r.isTotal);
  return {
    year: params.year,
    quarter,
    regionCode: params.regionCode,
    groupBy: params.groupBy,
    rows: rows.filter((r) => !r.isTotal).map(strip),
    total: total
      ? strip(total)
      : {
          key: null,
          label: 'Total',
          activities: 0,
          budget: 0,
          realised: 0,
          budgetPercent: null,
          outputTarget: null,
          outputAchieved: null,
          unit: null,
          outputPercent: null,
        },
  };
}

/** The realisation report as a user asks for it: a role with plan access, an area inside the user's own. */
export function realisationFor(
  db: Db,
  user: SessionUser,
  query: { year: number; quarter: number; regionCode?: string; groupBy: RealisationGroupBy },
): Promise<Realisation> {
  visibilityOf(user);
  const regionCode = query.regionCode ?? user.regionCode;
  if (!isRegionInArea(regionCode, user.regionCode))
    throw new AppError('FORBIDDEN', 'The area must lie inside your own area.');
  return planRealisation(db, { ...query, regionCode });
}
