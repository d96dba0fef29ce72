import {
  Alert,
  Badge,
  Button,
  Group,
  NativeSelect,
  NumberInput,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  Tooltip,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useDocumentTitle } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  priorityComponents,
  priorityQuery,
  priorityXlsxUrl,
  useSaveWeighting,
  weightingsQuery,
  type PriorityLocation,
} from '../api/priority';
import { useSessionUser } from '../api/session';
import { MutationError } from '../components/MutationError';
import { regionQuery } from '../api/regions';
import { useFormat } from '../lib/format';

const componentColors: Record<(typeof priorityComponents)[number], string> = {
  extremePoor: 'var(--mantine-color-red-6)',
  desil14: 'var(--mantine-color-orange-5)',
  coverageGap: 'var(--mantine-color-blue-6)',
  housing: 'var(--mantine-color-teal-6)',
};

/** The score as a bar of its weighted contributions (0–100), so the ranking is explained at a glance. */
function BreakdownBar({ side }: { side: PriorityLocation['a'] }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <Group gap={6} wrap="nowrap">
      <div style={{ display: 'flex', width: 160, height: 12, background: 'var(--mantine-color-gray-2)' }}>
        {priorityComponents.map((c) => (
          <Tooltip key={c} label={`${t(`priority.components.${c}`)}: ${format.number(side.breakdown[c], 2)}`}>
            <div style={{ width: `${(side.breakdown[c] / 100) * 160}px`, background: componentColors[c] }} />
          </Tooltip>
        ))}
      </div>
      <Text size="sm" fw={600}>
        {format.number(side.score, 1)}
      </Text>
    </Group>
  );
}

/** Lokasi Prioritas: kelurahan ranked by an explainable score; two weightings compared side by side. */
export function PriorityPage() {
  const { t } = useTranslation();
  const format = useFormat();
  useDocumentTitle(`${t('priority.title')} · Tepat`);
  const weightings = useQuery(weightingsQuery);
  const user = useSessionUser();
  const province = useQuery(regionQuery('31'));
  const [a, setA] = useState<string>('');
  const [b, setB] = useState<string>('');
  const [kota, setKota] = useState<string>('');
  const params = { a: a || undefined, b: b || undefined, kota: kota || undefined };
  const { data, isPending, error } = useQuery(priorityQuery(params));
  const options = (weightings.data?.items ?? []).map((w) => ({ value: w.code, label: w.name }));
  return (
    <Stack gap="md" data-testid="page-priority">
      <Title order={1}>{t('priority.title')}</Title>
      <Text>{t('priority.intro')}</Text>
      <Group align="end">
        <NativeSelect
          label={t('priority.weightingA')}
          value={a || data?.a.code || ''}
          onChange={(e) => setA(e.currentTarget.value)}
          data={options}
          data-testid="priority-weighting-a"
        />
        <NativeSelect
          label={t('priority.weightingB')}
          value={b || data?.b.code || ''}
          onChange={(e) => setB(e.currentTarget.value)}
          data={options}
          data-testid="priority-weighting-b"
        />
        <NativeSelect
          label={t('priority.kota')}
          value={kota}
          onChange={(e) => setKota(e.currentTarget.value)}
          data={[
            { value: '', label: t('priority.allKota') },
            ...(province.data?.children ?? []).map((k) => ({ value: k.code, label: k.name })),
          ]}
          data-testid="priority-kota"
        />
        <Button component="a" href={priorityXlsxUrl(params)} download data-testid="priority-xlsx">
          {t('priority.downloadXlsx')}
        </Button>
      </Group>
      <Group gap="md">
        {priorityComponents.map((c) => (
          <Group key={c} gap={4}>
            <div style={{ width: 12, height: 12, background: componentColors[c] }} />
            <Text size="sm">{t(`priority.components.${c}`)}</Text>
          </Group>
        ))}
      </Group>
      {data && (
        <Text size="sm" c="dimmed">
          {t('priority.method')}{' '}
          {[data.a, data.b].map((w) => (
            <span key={w.code}>
              {w.name}:{' '}
              {priorityComponents
                .map((c) => `${t(`priority.components.${c}`)} ${format.number(w.weights[c], 2)}`)
                .join(', ')}
              .{' '}
            </span>
          ))}
        </Text>
      )}
      {data && (
        <Text size="xs" c="dimmed" data-testid="priority-computed-at">
          {data.computedAt
            ? t('priority.computedAt', { when: format.dateTime(data.computedAt) })
            : t('priority.notComputed')}
        </Text>
      )}
      {data && (
        <Text size="sm">
          {t('priority.priorityKecamatanList')}{' '}
          {data.priorityKecamatan.map((k) => (
            <Badge key={k.code} color="orange" variant="light" mr={4}>
              {k.name}
            </Badge>
          ))}
        </Text>
      )}
      {error && <Alert color="red">{error.message}</Alert>}
      {isPending && <Text c="dimmed">{t('priority.loading')}</Text>}
      {data && (
        <Table.ScrollContainer minWidth={900}>
          <Table striped withTableBorder data-testid="priority-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('priority.rankA', { name: data.a.name })}</Table.Th>
                <Table.Th>{t('priority.kelurahan')}</Table.Th>
                <Table.Th>{t('priority.scoreA', { name: data.a.name })}</Table.Th>
                <Table.Th>{t('priority.rankB', { name: data.b.name })}</Table.Th>
                <Table.Th>{t('priority.scoreB', { name: data.b.name })}</Table.Th>
                <Table.Th>{t('priority.rankChange')}</Table.Th>
                <Table.Th ta="right">{t('priority.households')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.items.map((item) => (
                <Table.Tr key={item.code} data-testid={`priority-row-${item.code}`}>
                  <Table.Td>{item.a.rank}</Table.Td>
                  <Table.Td>
                    {item.name}{' '}
                    <Text span size="xs" c="dimmed">
                      {item.kecamatanName}
                    </Text>
                    {item.isPriorityKecamatan && (
                      <Badge color="orange" variant="light" ml={6} size="sm" data-testid="priority-badge">
                        {t('priority.priorityKecamatan')}
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <BreakdownBar side={item.a} />
                  </Table.Td>
                  <Table.Td>{item.b.rank}</Table.Td>
                  <Table.Td>
                    <BreakdownBar side={item.b} />
                  </Table.Td>
                  <Table.Td c={item.rankChange > 0 ? 'teal' : item.rankChange < 0 ? 'red' : undefined}>
                    {item.rankChange > 0
                      ? `▲ ${item.rankChange}`
                      : item.rankChange < 0
                        ? `▼ ${-item.rankChange}`
                        : '='}
                  </Table.Td>
                  <Table.Td ta="right">{format.number(item.households)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {user?.role === 'secretariat' && <WeightingEditor />}
    </Stack>
  );
}

/**
 * The secretariat's editor of weightings: pick one to change (or type a new code), set the four weights — they must
 * sum to 1 — and save; both rankings above use the new weights at once.
 */
function WeightingEditor() {
  const { t } = useTranslation();
  const format = useFormat();
  const weightings = useQuery(weightingsQuery);
  const save = useSaveWeighting();
  const form = useForm({
    initialValues: {
      code: '',
      name: '',
      description: '',
      extremePoor: 0.25 as number | string,
      desil14: 0.25 as number | string,
      coverageGap: 0.25 as number | string,
      housing: 0.25 as number | string,
    },
    validate: {
      code: (v) => (/^[a-z0-9_]{1,40}$/.test(v) ? null : t('priority.editor.codeHint')),
      name: (v) => (v.trim().length < 2 ? t('priority.editor.required') : null),
    },
  });
  const weights = priorityComponents.map((c) => Number(form.values[c]) || 0);
  const sum = weights.reduce((s, w) => s + Math.round(w * 10_000), 0) / 10_000;
  const load = (code: string) => {
    const w = weightings.data?.items.find((x) => x.code === code);
    if (w) form.setValues({ code: w.code, name: w.name, description: w.description, ...w.weights });
  };
  const submit = form.onSubmit((v) =>
    save.mutate(
      {
        code: v.code,
        body: {
          name: v.name.trim(),
          description: v.description.trim(),
          weights: {
            extremePoor: Number(v.extremePoor),
            desil14: Number(v.desil14),
            coverageGap: Number(v.coverageGap),
            housing: Number(v.housing),
          },
        },
      },
      { onSuccess: () => notifications.show({ color: 'teal', message: t('priority.editor.saved') }) },
    ),
  );
  return (
    <Paper withBorder p="md">
      <Title order={2} size="h4" mb="xs">
        {t('priority.editor.title')}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t('priority.editor.intro')}
      </Text>
      <form onSubmit={submit} data-testid="weighting-form">
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <NativeSelect
            label={t('priority.editor.edit')}
            data={[
              { value: '', label: t('priority.editor.new') },
              ...(weightings.data?.items ?? []).map((w) => ({ value: w.code, label: w.name })),
            ]}
            onChange={(e) => load(e.currentTarget.value)}
          />
          <TextInput
            label={t('priority.editor.code')}
            description={t('priority.editor.codeHint')}
            {...form.getInputProps('code')}
          />
          <TextInput label={t('priority.editor.name')} {...form.getInputProps('name')} />
          {priorityComponents.map((c) => (
            <NumberInput
              key={c}
              label={t(`priority.components.${c}`)}
              min={0}
              max={1}
              step={0.05}
              decimalScale={4}
              decimalSeparator=","
              {...form.getInputProps(c)}
            />
          ))}
          <TextInput label={t('priority.editor.description')} {...form.getInputProps('description')} />
        </SimpleGrid>
        <Text size="sm" mt="xs" c={sum === 1 ? 'teal' : 'red'} data-testid="weighting-sum">
          {t('priority.editor.sum', { sum: format.number(sum, 4) })}
        </Text>
        <MutationError
          error={save.error}
          mt="sm"
          labels={{
            code: t('priority.editor.code'),
            name: t('priority.editor.name'),
            description: t('priority.editor.description'),
            ...Object.fromEntries(
              priorityComponents.map((c) => [`weights.${c}`, t(`priority.components.${c}`)]),
            ),
          }}
        />
        <Button type="submit" mt="sm" loading={save.isPending} disabled={sum !== 1}>
          {t('priority.editor.save')}
        </Button>
      </form>
    </Paper>
  );
}
