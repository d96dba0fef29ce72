import {
  Alert,
  Badge,
  Button,
  Grid,
  Group,
  Pagination,
  SegmentedControl,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  dedupPairQuery,
  dedupPairsQuery,
  useDedupDecision,
  type DedupPair,
  type DedupPairStatus,
} from '../api/dedup';

const statuses: DedupPairStatus[] = ['review', 'auto_merged', 'merged', 'rejected', 'unmerged'];

/** Duplikat: the queue of candidate duplicate persons in the user's area and one pair side by side. */
export function DedupPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('dedup.title'));
  const [status, setStatus] = useState<DedupPairStatus>('review');
  const [page, setPage] = useState(1);
  const [selected, setSelected] = useState<number | null>(null);
  const { data, error } = useQuery(dedupPairsQuery(status, page));
  return (
    <Stack>
      <Title order={2}>{t('dedup.title')}</Title>
      <Text c="dimmed">{t('dedup.intro')}</Text>
      <SegmentedControl
        data={statuses.map((s) => ({ value: s, label: t(`dedup.status.${s}`) }))}
        value={status}
        onChange={(value) => {
          setStatus(value);
          setPage(1);
          setSelected(null);
        }}
        data-testid="dedup-status"
      />
      {error && <Alert color="red">{error.message}</Alert>}
      <Grid>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Table highlightOnHover data-testid="dedup-queue">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('dedup.personA')}</Table.Th>
                <Table.Th>{t('dedup.personB')}</Table.Th>
                <Table.Th>{t('dedup.score')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data?.items.map((pair) => (
                <Table.Tr
                  key={pair.id}
                  onClick={() => setSelected(pair.id)}
                  style={{ cursor: 'pointer' }}
                  bg={pair.id === selected ? 'var(--mantine-color-blue-light)' : undefined}
                >
                  <Table.Td>{pair.personA.name}</Table.Td>
                  <Table.Td>{pair.personB.name}</Table.Td>
                  <Table.Td>{pair.score.toFixed(1)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {data && data.items.length === 0 && <Text c="dimmed">{t('dedup.empty')}</Text>}
          {data && data.total > 25 && (
            <Pagination total={Math.ceil(data.total / 25)} value={page} onChange={setPage} mt="sm" />
          )}
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 7 }}>
          {selected !== null ? <PairDetail id={selected} /> : <Text c="dimmed">{t('dedup.choose')}</Text>}
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

function PairDetail({ id }: { id: number }) {
  const { t } = useTranslation();
  const { data, error } = useQuery(dedupPairQuery(id));
  const decision = useDedupDecision(id);
  if (error) return <Alert color="red">{error.message}</Alert>;
  if (!data) return null;
  const rows: { label: string; a: string; b: string; field?: string }[] = [
    { label: t('dedup.field.nik'), a: data.personA.nik, b: data.personB.nik, field: 'nik' },
    { label: t('dedup.field.name'), a: data.personA.name, b: data.personB.name, field: 'name' },
    {
      label: t('dedup.field.birthDate'),
      a: data.personA.birthDate,
      b: data.personB.birthDate,
      field: 'birthDate',
    },
    { label: t('dedup.field.sex'), a: data.personA.sex, b: data.personB.sex, field: 'sex' },
    {
      label: t('dedup.field.area'),
      a: householdText(data.personA),
      b: householdText(data.personB),
      field: 'area',
    },
    { label: t('dedup.field.status'), a: data.personA.status, b: data.personB.status },
    {
      label: t('dedup.field.programs'),
      a: data.personA.enrolments.map((e) => e.programCode).join(', '),
      b: data.personB.enrolments.map((e) => e.programCode).join(', '),
    },
  ];
  const weight = (field?: string) => data.fields.find((f) => f.field === field);
  return (
    <Stack data-testid="dedup-pair">
      <Group>
        <Badge>{t(`dedup.status.${data.status}`)}</Badge>
        <Text>
          {t('dedup.score')}: {data.score.toFixed(1)}
        </Text>
      </Group>
      <Table>
        <Table.Thead>
          <Table.Tr>
            <Table.Th />
            <Table.Th>{t('dedup.personA')}</Table.Th>
            <Table.Th>{t('dedup.personB')}</Table.Th>
            <Table.Th>{t('dedup.weight')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row) => (
            <Table.Tr key={row.label}>
              <Table.Td>{row.label}</Table.Td>
              <Table.Td>{row.a}</Table.Td>
              <Table.Td>{row.b}</Table.Td>
              <Table.Td>{weight(row.field)?.weight?.toFixed(1) ?? ''}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {decision.error && <Alert color="red">{decision.error.message}</Alert>}
      <Group>
        {data.status === 'review' && (
          <>
            <Button
              onClick={() => decision.mutate('merge')}
              loading={decision.isPending}
              data-testid="dedup-merge"
            >
              {t('dedup.merge')}
            </Button>
            <Button
              variant="default"
              onClick={() => decision.mutate('not_duplicate')}
              loading={decision.isPending}
              data-testid="dedup-not-duplicate"
            >
              {t('dedup.notDuplicate')}
            </Button>
          </>
        )}
        {data.mergeId !== null && (
          <Button
            variant="outline"
            color="orange"
            onClick={() => decision.mutate('unmerge')}
            loading={decision.isPending}
          >
            {t('dedup.unmerge')}
          </Button>
        )}
      </Group>
    </Stack>
  );
}

function householdText(person: DedupPair['personA']): string {
  const h = person.household;
  return h ? `KK ${h.kkNumber}, ${h.address}, ${h.kelurahanName}` : '';
}
