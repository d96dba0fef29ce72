import { Group, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { ChartFigure } from '../ChartFigure';
import type { ChartOption } from '../charts';
import { QueryState } from '../QueryState';
import { TableExport } from '../TableExport';

const trajectoryQuery = (code: string, region: string) =>
  queryOptions({
    queryKey: ['indicators', 'trajectory', code, region],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/indicators/{code}/trajectory', { params: { path: { code }, query: { region } } }),
      ),
    retry: false,
  });

const freshnessQuery = (region: string) =>
  queryOptions({
    queryKey: ['dashboard', 'freshness', region],
    queryFn: () => unwrap(api.GET('/api/v1/dashboard/freshness', { params: { query: { region } } })),
    retry: false,
  });

type Trajectory = Awaited<ReturnType<NonNullable<ReturnType<typeof trajectoryQuery>['queryFn']>>>;

function trajectoryOption(data: Trajectory, labels: Record<string, string>): ChartOption {
  const years = data.years.map((y) => String(y.year));
  const line = (name: string, values: (number | null)[], dashed = false) => ({
    name,
    type: 'line',
    data: values,
    connectNulls: true,
    lineStyle: dashed ? { type: 'dashed' } : undefined,
  });
  return {
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0 },
    grid: { left: 40, right: 16, top: 16, bottom: 48 },
    xAxis: { type: 'category', data: years },
    yAxis: { type: 'value' },
    series: [
      line(
        labels.actual!,
        data.years.map((y) => y.actual),
      ),
      line(
        labels.pathHigh!,
        data.years.map((y) => y.pathHigh),
        true,
      ),
      line(
        labels.pathLow!,
        data.years.map((y) => y.pathLow),
        true,
      ),
    ],
  };
}

/** The P0 trajectory against the target path with the gap, and data freshness per kelurahan, for the area shown. */
export function ProgressPanels({ regionCode }: { regionCode: string }) {
  const { t } = useTranslation();
  const trajectory = useQuery(trajectoryQuery('p0', regionCode));
  const freshness = useQuery(freshnessQuery(regionCode));
  return (
    <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
      <QueryState query={trajectory} minHeight={240}>
        {(data) => {
          const latest = data.years.filter((y) => y.actual !== null).at(-1);
          return (
            <ChartFigure
              testId="chart-trajectory"
              title={t('home.trajectory.title')}
              description={t('home.trajectory.description', { target: data.target?.name ?? '—' })}
              option={trajectoryOption(data, {
                actual: t('home.trajectory.actual'),
                pathHigh: t('home.trajectory.pathHigh'),
                pathLow: t('home.trajectory.pathLow'),
              })}
              height={280}
              footer={
                <Group justify="space-between" gap="xs">
                  <Text size="xs" c="dimmed" data-testid="trajectory-gap">
                    {latest && latest.gapHigh !== null
                      ? t('home.trajectory.gap', { year: latest.year, gap: latest.gapHigh.toFixed(2) })
                      : t('home.trajectory.noTarget')}
                  </Text>
                  <TableExport
                    testId="trajectory-export"
                    table={() => ({
                      title: t('home.trajectory.title'),
                      subtitle: `${regionCode} — ${data.target?.name ?? ''}`,
                      columns: [
                        { header: t('home.trajectory.year') },
                        { header: t('home.trajectory.actual'), format: 'decimal' },
                        { header: t('home.trajectory.pathLow'), format: 'decimal' },
                        { header: t('home.trajectory.pathHigh'), format: 'decimal' },
                        { header: t('home.trajectory.gapColumn'), format: 'decimal' },
                      ],
                      rows: data.years.map((y) => [
                        String(y.year),
                        y.actual,
                        y.pathLow,
                        y.pathHigh,
                        y.gapHigh,
                      ]),
                    })}
                  />
                </Group>
              }
            />
          );
        }}
      </QueryState>
      <Paper withBorder p="md" data-testid="freshness-panel">
        <Stack gap="xs">
          <Group justify="space-between">
            <Title order={2} size="h4">
              {t('home.freshness.title')}
            </Title>
            {freshness.data && (
              <TableExport
                testId="freshness-export"
                table={() => ({
                  title: t('home.freshness.title'),
                  subtitle: regionCode,
                  columns: [
                    { header: t('home.freshness.code') },
                    { header: t('home.freshness.kelurahan') },
                    { header: t('home.freshness.days'), format: 'integer' },
                    { header: t('home.freshness.campaign'), format: 'percent' },
                  ],
                  rows: freshness.data.kelurahan.map((k) => [
                    k.code,
                    k.name,
                    k.daysSinceVerification,
                    k.campaignShare,
                  ]),
                })}
              />
            )}
          </Group>
          <QueryState query={freshness}>
            {(data) => (
              <>
                <Text size="sm">
                  {t('home.freshness.summary', {
                    stale: data.summary.staleKelurahan,
                    total: data.summary.kelurahan,
                    median: data.summary.medianDaysSinceVerification ?? '—',
                  })}
                </Text>
                <Table.ScrollContainer minWidth={320} mah={240}>
                  <Table striped fz="xs">
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th>{t('home.freshness.kelurahan')}</Table.Th>
                        <Table.Th ta="right">{t('home.freshness.days')}</Table.Th>
                        <Table.Th ta="right">{t('home.freshness.campaign')}</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {data.kelurahan.map((k) => (
                        <Table.Tr key={k.code}>
                          <Table.Td>{k.name}</Table.Td>
                          <Table.Td ta="right">{k.daysSinceVerification ?? '—'}</Table.Td>
                          <Table.Td ta="right">
                            {k.campaignShare === null ? '—' : `${Math.round(k.campaignShare * 100)} %`}
                          </Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </Table.ScrollContainer>
              </>
            )}
          </QueryState>
        </Stack>
      </Paper>
    </SimpleGrid>
  );
}
