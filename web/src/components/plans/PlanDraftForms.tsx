import { Button, Group, NumberInput, Paper, Select, Stack, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useActivityEdits, useCreatePlan, type PlanDetail } from '../../api/plans';
import { programsQuery } from '../../api/programs';
import { regionQuery } from '../../api/regions';
import { useSessionUser } from '../../api/session';
import { MutationError } from '../MutationError';

/** Drafting a new plan (agency users): kind, tier (the province or one of its kota), first year, title. */
export function CreatePlanForm() {
  const { t } = useTranslation();
  const user = useSessionUser();
  const navigate = useNavigate();
  const create = useCreatePlan();
  const province = useQuery(regionQuery(user?.area.code ?? '31'));
  const [kind, setKind] = useState<'rat' | 'rpkd'>('rat');
  const [regionCode, setRegionCode] = useState<string | null>(user?.area.code ?? null);
  const [yearFrom, setYearFrom] = useState<number | string>(new Date().getFullYear() + 1);
  const [title, setTitle] = useState('');
  const tiers = province.data
    ? [
        { value: province.data.region.code, label: province.data.region.name },
        ...province.data.children.map((c) => ({ value: c.code, label: c.name })),
      ]
    : [];
  const submit = () => {
    if (!regionCode) return;
    create.mutate(
      { kind, title: title.trim(), regionCode, yearFrom: Number(yearFrom) },
      {
        onSuccess: (plan) => {
          notifications.show({ color: 'teal', message: t('plans.created') });
          void navigate({ to: '/plans/$planId', params: { planId: String(plan.id) } });
        },
      },
    );
  };
  return (
    <Paper withBorder p={{ base: 'sm', sm: 'md' }} data-testid="plan-create-form">
      <Stack gap="xs">
        <Title order={2} size="h5">
          {t('plans.create')}
        </Title>
        <Group grow align="flex-end">
          <Select
            label={t('plans.kind')}
            value={kind}
            onChange={(value) => setKind(value === 'rpkd' ? 'rpkd' : 'rat')}
            data={(['rat', 'rpkd'] as const).map((k) => ({ value: k, label: t(`plans.kinds.${k}`) }))}
            allowDeselect={false}
          />
          <Select
            label={t('plans.tier')}
            value={regionCode}
            onChange={setRegionCode}
            data={tiers}
            allowDeselect={false}
          />
          <NumberInput
            label={t('plans.firstYear')}
            value={yearFrom}
            onChange={setYearFrom}
            min={2000}
            max={2100}
          />
        </Group>
        <TextInput
          label={t('plans.planTitle')}
          value={title}
          onChange={(e) => setTitle(e.currentTarget.value)}
          data-testid="plan-create-title"
        />
        <Group>
          <Button onClick={submit} loading={create.isPending} data-testid="plan-create-submit">
            {t('plans.createButton')}
          </Button>
        </Group>
        <MutationError
          error={create.error}
          labels={{
            kind: t('plans.kind'),
            title: t('plans.planTitle'),
            yearFrom: t('plans.firstYear'),
            regionCode: t('plans.tier'),
          }}
        />
      </Stack>
    </Paper>
  );
}

/** Adding an activity to a draft or returned plan (its owning agency), with one output indicator. */
export function AddActivityForm({ plan }: { plan: PlanDetail }) {
  const { t } = useTranslation();
  const user = useSessionUser();
  const { add } = useActivityEdits(plan.id);
  const programs = useQuery(programsQuery);
  const [title, setTitle] = useState('');
  const [agency, setAgency] = useState(user?.organisation ?? '');
  const [programCode, setProgramCode] = useState<string | null>(null);
  const [pillar, setPillar] = useState<string | null>('1');
  const [budgetYear, setBudgetYear] = useState<number | string>(plan.yearFrom);
  const [budget, setBudget] = useState<number | string>(0);
  const [locations, setLocations] = useState('');
  const [indicatorCode, setIndicatorCode] = useState('');
  const [unit, setUnit] = useState('');
  const [target, setTarget] = useState<number | string>(0);
  const chooseProgram = (code: string | null) => {
    setProgramCode(code);
    const chosen = programs.data?.programs.find((p) => p.code === code);
    if (chosen) {
      setPillar(String(chosen.pillar));
      setAgency(chosen.agency);
    }
  };
  const submit = () => {
    const year = Number(budgetYear);
    add.mutate(
      {
        title: title.trim(),
        responsibleAgency: agency.trim().toUpperCase(),
        ...(programCode ? { programCode } : {}),
        pillar: Number(pillar),
        budgetYear: year,
        budget: Number(budget) || 0,
        priorityLocations: locations
          .split(/[\s,;]+/)
          .map((code) => code.trim())
          .filter(Boolean),
        indicators: indicatorCode.trim()
          ? [
              {
                kind: 'output',
                indicatorCode: indicatorCode.trim(),
                unit: unit.trim() || '-',
                targets: [{ year, target: Number(target) || 0 }],
              },
            ]
          : [],
      },
      {
        onSuccess: () => {
          setTitle('');
          notifications.show({ color: 'teal', message: t('plans.activityAdded') });
        },
      },
    );
  };
  return (
    <Paper withBorder p={{ base: 'sm', sm: 'md' }} data-testid="plan-activity-form">
      <Stack gap="xs">
        <Title order={2} size="h5">
          {t('plans.addActivity')}
        </Title>
        <TextInput
          label={t('plans.activity')}
          value={title}
          onChange={(e) => setTitle(e.currentTarget.value)}
          data-testid="activity-title"
        />
        <Group grow align="flex-end">
          <Select
            label={t('plans.program')}
            value={programCode}
            onChange={chooseProgram}
            data={(programs.data?.programs ?? []).map((p) => ({ value: p.code, label: p.name }))}
            clearable
            searchable
          />
          <TextInput
            label={t('plans.agency')}
            value={agency}
            onChange={(e) => setAgency(e.currentTarget.value)}
          />
          <Select
            label={t('plans.pillar')}
            value={pillar}
            onChange={setPillar}
            data={['1', '2', '3', '4']}
            allowDeselect={false}
          />
        </Group>
        <Group grow>
          <NumberInput
            label={t('plans.budgetYear')}
            value={budgetYear}
            onChange={setBudgetYear}
            min={plan.yearFrom}
            max={plan.yearTo}
          />
          <NumberInput
            label={t('plans.budgetRp')}
            value={budget}
            onChange={setBudget}
            min={0}
            thousandSeparator="."
            decimalSeparator=","
            data-testid="activity-budget"
          />
          <TextInput
            label={t('plans.locationsHint')}
            value={locations}
            onChange={(e) => setLocations(e.currentTarget.value)}
            placeholder="31.72.01"
          />
        </Group>
        <Group grow>
          <TextInput
            label={t('plans.outputCode')}
            value={indicatorCode}
            onChange={(e) => setIndicatorCode(e.currentTarget.value)}
          />
          <TextInput label={t('plans.unit')} value={unit} onChange={(e) => setUnit(e.currentTarget.value)} />
          <NumberInput label={t('plans.outputTarget')} value={target} onChange={setTarget} min={0} />
        </Group>
        <Group>
          <Button onClick={submit} loading={add.isPending} data-testid="activity-submit">
            {t('plans.addActivityButton')}
          </Button>
        </Group>
        <MutationError
          error={add.error}
          labels={{
            title: t('plans.activity'),
            programCode: t('plans.program'),
            responsibleAgency: t('plans.agency'),
            pillar: t('plans.pillar'),
            budgetYear: t('plans.budgetYear'),
            budget: t('plans.budgetRp'),
            priorityLocations: t('plans.locationsHint'),
            'indicators.0.indicatorCode': t('plans.outputCode'),
            'indicators.0.unit': t('plans.unit'),
            'indicators.0.targets': t('plans.outputTarget'),
          }}
        />
      </Stack>
    </Paper>
  );
}
