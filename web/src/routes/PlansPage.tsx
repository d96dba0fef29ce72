import {
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  NumberInput,
  Paper,
  Select,
  SegmentedControl,
  Stack,
  Table,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  planQuery,
  plansQuery,
  realisationQuery,
  realisationXlsxUrl,
  useActivityEdits,
  usePlanActions,
  type PlanAction,
  type PlanActivity,
  type PlanDetail,
  type PlanStatus,
  type RealisationGroupBy,
} from '../api/plans';
import { useSessionUser } from '../api/session';
import { AddActivityForm, CreatePlanForm } from '../components/plans/PlanDraftForms';
import { MutationError } from '../components/MutationError';
import { QueryState } from '../components/QueryState';
import { useFormat } from '../lib/format';

const statusColors: Record<PlanStatus, string> = {
  draft: 'gray',
  submitted: 'blue',
  reviewed: 'violet',
  approved: 'teal',
  returned: 'orange',
};

function StatusBadge({ status }: { status: PlanStatus }) {
  const { t } = useTranslation();
  return (
    <Badge size="sm" color={statusColors[status]} data-testid="plan-status">
      {t(`plans.statuses.${status}`)}
    </Badge>
  );
}

/** Rupiah, whole, in the interface language. */
function useRupiah() {
  const format = useFormat();
  return (value: number) => `Rp ${format.number(value)}`;
}

/** Rencana Aksi: the RPKD and RAT plans the user may see. */
export function PlansPage() {
  const { t } = useTranslation();
  const rupiah = useRupiah();
  const plans = useQuery(plansQuery);
  const user = useSessionUser();
  return (
    <Stack gap="md" data-testid="page-plans">
      <Title order={1} size="h3">
        {t('plans.title')}
      </Title>
      <Text size="sm" c="dimmed">
        {t('plans.intro')}
      </Text>
      {user?.role === 'agency' && <CreatePlanForm />}
      <QueryState query={plans}>
        {(items) =>
          items.length === 0 ? (
            <Text c="dimmed">{t('plans.empty')}</Text>
          ) : (
            <Paper withBorder>
              <Table.ScrollContainer minWidth={760}>
                <Table highlightOnHover verticalSpacing="xs">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('plans.plan')}</Table.Th>
                      <Table.Th>{t('plans.kind')}</Table.Th>
                      <Table.Th>{t('plans.tier')}</Table.Th>
                      <Table.Th>{t('plans.owner')}</Table.Th>
                      <Table.Th>{t('plans.years')}</Table.Th>
                      <Table.Th ta="right">{t('plans.budget')}</Table.Th>
                      <Table.Th>{t('plans.status')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {items.map((plan) => (
                      <Table.Tr key={plan.id} data-testid="plan-item" data-plan-id={plan.id}>
                        <Table.Td>
                          <Link to="/plans/$planId" params={{ planId: String(plan.id) }}>
                            {plan.title}
                          </Link>
                        </Table.Td>
                        <Table.Td>{t(`plans.kinds.${plan.kind}`)}</Table.Td>
                        <Table.Td>{plan.regionName}</Table.Td>
                        <Table.Td>{plan.ownerAgency}</Table.Td>
                        <Table.Td>
                          {plan.yearFrom === plan.yearTo ? plan.yearFrom : `${plan.yearFrom}–${plan.yearTo}`}
                        </Table.Td>
                        <Table.Td ta="right">{rupiah(plan.budgetTotal)}</Table.Td>
                        <Table.Td>
                          <StatusBadge status={plan.status} />
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            </Paper>
          )
        }
      </QueryState>
    </Stack>
  );
}

const route = getRouteApi('/signed-in/plans/$planId');

/** One plan: activities with targets and progress, the approval buttons of the user's role, realisation. */
export function PlanPage() {
  const { t } = useTranslation();
  const { planId } = route.useParams();
  const id = Number(planId);
  const plan = useQuery({ ...planQuery(id), enabled: Number.isInteger(id) && id > 0 });
  return (
    <Stack gap="md" data-testid="page-plan">
      <Anchor component={Link} to="/plans" size="sm" w="fit-content">
        ← {t('plans.title')}
      </Anchor>
      <QueryState query={plan} minHeight={240}>
        {(detail) => (
          <>
            <PlanHeader plan={detail} />
            <ActivitiesTable plan={detail} />
            {detail.allowedActions.includes('edit') && <AddActivityForm plan={detail} />}
            {detail.allowedActions.includes('file_progress') && <ProgressForm plan={detail} />}
            {detail.status === 'approved' && <RealisationPanel plan={detail} />}
            <HistoryList plan={detail} />
          </>
        )}
      </QueryState>
    </Stack>
  );
}

function PlanHeader({ plan }: { plan: PlanDetail }) {
  const { t } = useTranslation();
  const rupiah = useRupiah();
  const { transition } = usePlanActions(plan.id);
  const [note, setNote] = useState('');
  const [noteError, setNoteError] = useState<string | null>(null);
  const actions = (['submit', 'review', 'approve', 'return'] as const).filter((a) =>
    plan.allowedActions.includes(a),
  );
  const run = (action: PlanAction) => {
    if (action === 'return' && !note.trim()) {
      setNoteError(t('plans.noteRequired'));
      return;
    }
    setNoteError(null);
    transition.mutate(
      { action, ...(note.trim() ? { note: note.trim() } : {}) },
      {
        onSuccess: () => {
          setNote('');
          notifications.show({ color: 'teal', message: t(`plans.done.${action}`) });
        },
      },
    );
  };
  return (
    <Paper withBorder p={{ base: 'sm', sm: 'md' }}>
      <Stack gap="xs">
        <Group justify="space-between" align="flex-start">
          <Stack gap={2}>
            <Title order={1} size="h3" data-testid="plan-title">
              {plan.title}
            </Title>
            <Text size="sm" c="dimmed">
              {t(`plans.kinds.${plan.kind}`)} · {plan.regionName} · {plan.ownerAgency} ·{' '}
              {plan.yearFrom === plan.yearTo ? plan.yearFrom : `${plan.yearFrom}–${plan.yearTo}`} ·{' '}
              {t('plans.budgetTotal', { amount: rupiah(plan.budgetTotal) })}
            </Text>
          </Stack>
          <StatusBadge status={plan.status} />
        </Group>
        {plan.status === 'returned' && plan.returnNote && (
          <Alert color="orange" title={t('plans.returnedNote')}>
            {plan.returnNote}
          </Alert>
        )}
        {actions.length > 0 && (
          <Stack gap="xs">
            {(actions.includes('return') || actions.includes('approve')) && (
              <Textarea
                label={t('plans.note')}
                value={note}
                error={noteError}
                onChange={(e) => setNote(e.currentTarget.value)}
                autosize
                minRows={2}
                data-testid="plan-note"
              />
            )}
            <Group gap="xs">
              {actions.map((action) => (
                <Button
                  key={action}
                  size="sm"
                  color={action === 'return' ? 'orange' : action === 'approve' ? 'teal' : undefined}
                  variant={action === 'return' ? 'light' : 'filled'}
                  loading={transition.isPending && transition.variables.action === action}
                  onClick={() => run(action)}
                  data-testid={`plan-action-${action}`}
                >
                  {t(`plans.actions.${action}`)}
                </Button>
              ))}
            </Group>
            <MutationError error={transition.error} labels={{ note: t('plans.note') }} />
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}

function ActivitiesTable({ plan }: { plan: PlanDetail }) {
  const { t } = useTranslation();
  const { remove } = useActivityEdits(plan.id);
  const editable = plan.allowedActions.includes('edit');
  const format = useFormat();
  const rupiah = useRupiah();
  return (
    <Paper withBorder>
      <Title order={2} size="h5" p="sm">
        {t('plans.activities')}
      </Title>
      <Table.ScrollContainer minWidth={900}>
        <Table verticalSpacing="xs" data-testid="plan-activities">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('plans.activity')}</Table.Th>
              <Table.Th>{t('plans.agency')}</Table.Th>
              <Table.Th>{t('plans.pillar')}</Table.Th>
              <Table.Th ta="right">{t('plans.budget')}</Table.Th>
              <Table.Th>{t('plans.outputTarget')}</Table.Th>
              {[1, 2, 3, 4].map((q) => (
                <Table.Th key={q} ta="right">
                  {t('plans.quarterShort', { quarter: q })}
                </Table.Th>
              ))}
              {editable && <Table.Th />}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {plan.activities.map((activity) => {
              const output = activity.indicators.find((i) => i.kind === 'output');
              const target = output?.targets.find((x) => x.year === activity.budgetYear)?.target;
              return (
                <Table.Tr key={activity.id} data-testid="plan-activity">
                  <Table.Td>
                    <Text size="sm" fw={500}>
                      {activity.title}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {activity.programName ?? t('plans.noProgram')}
                      {activity.priorityLocations.length > 0 &&
                        ` · ${t('plans.locations')}: ${activity.priorityLocations.join(', ')}`}
                    </Text>
                  </Table.Td>
                  <Table.Td>{activity.responsibleAgency}</Table.Td>
                  <Table.Td>{activity.pillar}</Table.Td>
                  <Table.Td ta="right">{rupiah(activity.budget)}</Table.Td>
                  <Table.Td>
                    {output && target !== undefined ? `${format.number(target)} ${output.unit}` : '—'}
                  </Table.Td>
                  {[1, 2, 3, 4].map((q) => {
                    const filed = activity.progress.find(
                      (p) => p.year === activity.budgetYear && p.quarter === q,
                    );
                    return (
                      <Table.Td key={q} ta="right" title={filed?.issues ?? filed?.note ?? undefined}>
                        {filed ? (
                          <>
                            <Text size="xs">{rupiah(filed.budgetRealised)}</Text>
                            <Text size="xs" c="dimmed">
                              {format.number(filed.outputAchieved)} {output?.unit ?? ''}
                            </Text>
                          </>
                        ) : (
                          '—'
                        )}
                      </Table.Td>
                    );
                  })}
                  {editable && (
                    <Table.Td>
                      <Button
                        size="xs"
                        variant="subtle"
                        color="red"
                        loading={remove.isPending && remove.variables === activity.id}
                        onClick={() => remove.mutate(activity.id)}
                      >
                        {t('plans.remove')}
                      </Button>
                    </Table.Td>
                  )}
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}

/** Quarterly progress, for the activities the user's agency is responsible for. */
function ProgressForm({ plan }: { plan: PlanDetail }) {
  const { t } = useTranslation();
  const user = useSessionUser();
  const { fileProgress } = usePlanActions(plan.id);
  const own = plan.activities.filter((a) => a.responsibleAgency === user?.organisation);
  const [activityId, setActivityId] = useState<string | null>(own[0] ? String(own[0].id) : null);
  const [quarter, setQuarter] = useState('1');
  const [budgetRealised, setBudgetRealised] = useState<number | string>(0);
  const [outputAchieved, setOutputAchieved] = useState<number | string>(0);
  const [note, setNote] = useState('');
  const [issues, setIssues] = useState('');
  if (own.length === 0) return null;
  const activity: PlanActivity | undefined = own.find((a) => String(a.id) === activityId);
  const submit = () => {
    if (!activity) return;
    fileProgress.mutate(
      {
        activityId: activity.id,
        body: {
          year: activity.budgetYear,
          quarter: Number(quarter),
          budgetRealised: Number(budgetRealised) || 0,
          outputAchieved: Number(outputAchieved) || 0,
          ...(note.trim() ? { note: note.trim() } : {}),
          ...(issues.trim() ? { issues: issues.trim() } : {}),
        },
      },
      { onSuccess: () => notifications.show({ color: 'teal', message: t('plans.progressFiled') }) },
    );
  };
  return (
    <Paper withBorder p={{ base: 'sm', sm: 'md' }} data-testid="plan-progress-form">
      <Stack gap="xs">
        <Title order={2} size="h5">
          {t('plans.fileProgress')}
        </Title>
        <Text size="xs" c="dimmed">
          {t('plans.progressHelp')}
        </Text>
        <Group grow align="flex-end">
          <Select
            label={t('plans.activity')}
            data={own.map((a) => ({ value: String(a.id), label: a.title }))}
            value={activityId}
            onChange={setActivityId}
            allowDeselect={false}
          />
          <SegmentedControl
            value={quarter}
            onChange={setQuarter}
            data={['1', '2', '3', '4'].map((q) => ({ value: q, label: `T${q}` }))}
          />
        </Group>
        <Group grow>
          <NumberInput
            label={t('plans.budgetRealised')}
            value={budgetRealised}
            onChange={setBudgetRealised}
            min={0}
            thousandSeparator="."
            decimalSeparator=","
          />
          <NumberInput
            label={t('plans.outputAchieved')}
            value={outputAchieved}
            onChange={setOutputAchieved}
            min={0}
          />
        </Group>
        <Group grow>
          <Textarea
            label={t('plans.progressNote')}
            value={note}
            onChange={(e) => setNote(e.currentTarget.value)}
          />
          <Textarea
            label={t('plans.issues')}
            value={issues}
            onChange={(e) => setIssues(e.currentTarget.value)}
          />
        </Group>
        <Group>
          <Button onClick={submit} loading={fileProgress.isPending} data-testid="plan-progress-submit">
            {t('plans.save')}
          </Button>
        </Group>
        <MutationError
          error={fileProgress.error}
          labels={{
            budgetRealised: t('plans.budgetRealised'),
            outputAchieved: t('plans.outputAchieved'),
            note: t('plans.progressNote'),
            issues: t('plans.issues'),
          }}
        />
      </Stack>
    </Paper>
  );
}

const groupings: RealisationGroupBy[] = ['agency', 'program', 'area', 'activity'];

/** Plan against realisation of the plan's year and area, with an XLSX download. */
function RealisationPanel({ plan }: { plan: PlanDetail }) {
  const { t } = useTranslation();
  const format = useFormat();
  const rupiah = useRupiah();
  const [groupBy, setGroupBy] = useState<RealisationGroupBy>('agency');
  const [quarter, setQuarter] = useState('4');
  const params = { year: plan.yearFrom, quarter: Number(quarter), regionCode: plan.regionCode, groupBy };
  const report = useQuery(realisationQuery(params));
  const percent = (value: number | null) => (value === null ? '—' : `${format.number(value, 1)} %`);
  return (
    <Paper withBorder p={{ base: 'sm', sm: 'md' }} data-testid="plan-realisation">
      <Stack gap="xs">
        <Group justify="space-between">
          <Title order={2} size="h5">
            {t('plans.realisation', { year: plan.yearFrom, area: plan.regionName })}
          </Title>
          <Button
            component="a"
            href={realisationXlsxUrl(params)}
            size="xs"
            variant="light"
            data-testid="plan-realisation-xlsx"
          >
            {t('plans.downloadXlsx')}
          </Button>
        </Group>
        <Group>
          <SegmentedControl
            size="xs"
            value={groupBy}
            onChange={(value) => setGroupBy(value)}
            data={groupings.map((g) => ({ value: g, label: t(`plans.groupBy.${g}`) }))}
          />
          <SegmentedControl
            size="xs"
            value={quarter}
            onChange={setQuarter}
            data={['1', '2', '3', '4'].map((q) => ({
              value: q,
              label: t('plans.upToQuarter', { quarter: q }),
            }))}
          />
        </Group>
        <Text size="xs" c="dimmed">
          {t('plans.realisationHelp')}
        </Text>
        <QueryState query={report}>
          {(data) => (
            <Table.ScrollContainer minWidth={720}>
              <Table verticalSpacing="xs" data-testid="plan-realisation-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t(`plans.groupBy.${groupBy}`)}</Table.Th>
                    <Table.Th ta="right">{t('plans.activityCount')}</Table.Th>
                    <Table.Th ta="right">{t('plans.budget')}</Table.Th>
                    <Table.Th ta="right">{t('plans.realised')}</Table.Th>
                    <Table.Th ta="right">{t('plans.budgetPercent')}</Table.Th>
                    <Table.Th ta="right">{t('plans.outputPercent')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {[...data.rows, data.total].map((row, i) => (
                    <Table.Tr key={`${row.key ?? ''}-${i}`} fw={i === data.rows.length ? 700 : undefined}>
                      <Table.Td>
                        {i === data.rows.length ? t('plans.total') : row.label}
                        {row.unit && row.outputTarget !== null && (
                          <Text size="xs" c="dimmed">
                            {format.number(row.outputAchieved ?? 0)} / {format.number(row.outputTarget)}{' '}
                            {row.unit}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td ta="right">{row.activities}</Table.Td>
                      <Table.Td ta="right">{rupiah(row.budget)}</Table.Td>
                      <Table.Td ta="right">{rupiah(row.realised)}</Table.Td>
                      <Table.Td ta="right">{percent(row.budgetPercent)}</Table.Td>
                      <Table.Td ta="right">{percent(row.outputPercent)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </QueryState>
      </Stack>
    </Paper>
  );
}

function HistoryList({ plan }: { plan: PlanDetail }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <Paper withBorder p={{ base: 'sm', sm: 'md' }}>
      <Title order={2} size="h5" mb="xs">
        {t('plans.history')}
      </Title>
      <Stack gap={4} data-testid="plan-history">
        {plan.history.map((h, i) => (
          <Text size="sm" key={i}>
            {format.dateTime(h.actedAt)} · {h.actedByName}: {t(`plans.statuses.${h.toStatus}`)}
            {h.note ? ` — “${h.note}”` : ''}
          </Text>
        ))}
      </Stack>
    </Paper>
  );
}
