import { Group, Paper, Progress, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { queryOptions, useQuery, type UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, unwrap } from '../../api/client';
import { realisationQuery } from '../../api/plans';
import type { TableExport as ExportedTable } from '../../api/reports';
import { targetingSummaryQuery } from '../../api/targeting';
import { useFormat } from '../../lib/format';
import { AnchorLink } from '../AnchorLink';
import { QueryState } from '../QueryState';
import { TableExport } from '../TableExport';

/** Partner contributions in an area (aggregates). */
const contributionsQuery = (region: string) =>
  queryOptions({
    queryKey: ['partners', 'contributions', region],
    queryFn: () => unwrap(api.GET('/api/v1/partners/contributions', { params: { query: { region } } })),
    retry: false,
  });

/** The quarter that has ended most recently in the current year (1 in the first quarter). */
function currentPeriod() {
  const now = new Date();
  return { year: now.getFullYear(), quarter: Math.max(1, Math.floor(now.getMonth() / 3)) };
}

/** Partner contributions summed per organisation over areas and pillars. */
function byPartnerOf(
  items: readonly {
    organisationCode: string;
    organisationName: string;
    realisedValue: number;
    householdsReached: number;
  }[],
) {
  const byPartner = new Map<string, { name: string; value: number; households: number }>();
  for (const row of items) {
    const entry = byPartner.get(row.organisationCode) ?? {
      name: row.organisationName,
      value: 0,
      households: 0,
    };
    entry.value += row.realisedValue;
    entry.households += row.householdsReached;
    byPartner.set(row.organisationCode, entry);
  }
  return byPartner;
}

/** A panel that stays out of the way for a role that may not read its figures. */
function Panel<T>({
  testId,
  title,
  query,
  link,
  exportTable,
  children,
}: {
  testId: string;
  title: string;
  query: UseQueryResult<T>;
  link?: ReactNode;
  /** The panel's figures as a table, for "Unduh" (XLSX, CSV, PDF). */
  exportTable?: (data: T) => ExportedTable;
  children: (data: T) => ReactNode;
}) {
  if (query.error instanceof ApiError && query.error.status === 403) return null;
  const { data } = query;
  return (
    <Paper withBorder p="md" data-testid={testId}>
      <Stack gap="xs">
        <Group justify="space-between">
          <Title order={2} size="h4">
            {title}
          </Title>
          <Group gap="xs">
            {exportTable && data !== undefined && (
              <TableExport table={() => exportTable(data)} testId={`${testId}-export`} />
            )}
            {link}
          </Group>
        </Group>
        <QueryState query={query}>{children}</QueryState>
      </Stack>
    </Paper>
  );
}

/** Plan realisation, targeting errors and partner contributions of the area shown on the dashboard. */
export function MonitoringPanels({ regionCode }: { regionCode: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { year, quarter } = currentPeriod();
  const realisation = useQuery({
    ...realisationQuery({ year, quarter, regionCode, groupBy: 'agency' }),
    retry: false,
  });
  const targeting = useQuery(targetingSummaryQuery(regionCode));
  const contributions = useQuery(contributionsQuery(regionCode));
  const share = (part: number, whole: number) => (whole > 0 ? part / whole : 0);
  return (
    <SimpleGrid cols={{ base: 1, lg: 3 }} spacing="md">
      <Panel
        testId="panel-plan-realisation"
        title={t('monitoring.realisation.title', { year, quarter })}
        query={realisation}
        link={<AnchorLink to="/plans">{t('monitoring.more')}</AnchorLink>}
        exportTable={(data) => ({
          title: t('monitoring.realisation.title', { year, quarter }),
          subtitle: regionCode,
          columns: [
            { header: t('monitoring.realisation.agency') },
            { header: t('monitoring.realisation.budget'), format: 'rupiah' },
            { header: t('monitoring.realisation.realised'), format: 'rupiah' },
            { header: t('monitoring.realisation.share'), format: 'percent' },
          ],
          rows: [...data.rows, data.total].map((row) => [
            row.label,
            row.budget,
            row.realised,
            share(row.realised, row.budget),
          ]),
        })}
      >
        {(data) =>
          data.rows.length === 0 ? (
            <Text c="dimmed" size="sm">
              {t('monitoring.realisation.none')}
            </Text>
          ) : (
            <Stack gap={8}>
              {[...data.rows, data.total].map((row) => (
                <Stack
                  key={row.key ?? 'total'}
                  gap={2}
                  data-testid="realisation-row"
                  data-key={row.key ?? 'total'}
                >
                  <Group justify="space-between" gap="xs">
                    <Text size="sm" fw={row.key === null ? 700 : 500}>
                      {row.label}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {format.percent(share(row.realised, row.budget))}
                    </Text>
                  </Group>
                  <Progress value={share(row.realised, row.budget) * 100} size="sm" />
                  <Text size="xs" c="dimmed">
                    {t('monitoring.realisation.amounts', {
                      realised: format.number(Math.round(row.realised / 1e6)),
                      budget: format.number(Math.round(row.budget / 1e6)),
                    })}
                  </Text>
                </Stack>
              ))}
            </Stack>
          )
        }
      </Panel>
      <Panel
        testId="panel-targeting"
        title={t('monitoring.targeting.title')}
        query={targeting}
        link={<AnchorLink to="/targeting">{t('monitoring.more')}</AnchorLink>}
        exportTable={(data) => ({
          title: t('monitoring.targeting.title'),
          subtitle: regionCode,
          columns: [
            { header: t('monitoring.targeting.program') },
            { header: t('monitoring.targeting.eligible'), format: 'integer' },
            { header: t('monitoring.targeting.enrolled'), format: 'integer' },
            { header: t('monitoring.targeting.inclusionErrors'), format: 'integer' },
            { header: t('monitoring.targeting.exclusionErrors'), format: 'integer' },
            { header: t('monitoring.targeting.overlaps'), format: 'integer' },
            { header: t('monitoring.targeting.coverage'), format: 'percent' },
            { header: t('monitoring.targeting.exclusionRate'), format: 'percent' },
          ],
          rows: data.programs.map((p) => [
            p.code,
            p.eligible,
            p.enrolled,
            p.inclusionErrors,
            p.exclusionErrors,
            p.overlaps,
            p.coverageDesil1,
            p.exclusionRate,
          ]),
        })}
      >
        {(data) => {
          const sum = (key: 'eligible' | 'enrolled' | 'inclusionErrors' | 'exclusionErrors' | 'overlaps') =>
            data.programs.reduce((total, p) => total + p[key], 0);
          const worst = [...data.programs]
            .sort((a, b) => (b.exclusionRate ?? 0) - (a.exclusionRate ?? 0))
            .slice(0, 4);
          return (
            <Stack gap="xs">
              <SimpleGrid cols={3} spacing="xs">
                {(['inclusionErrors', 'exclusionErrors', 'overlaps'] as const).map((key) => (
                  <Stack gap={0} key={key} data-testid={`targeting-${key}`} data-value={sum(key)}>
                    <Text size="xs" c="dimmed">
                      {t(`monitoring.targeting.${key}`)}
                    </Text>
                    <Text fw={700}>{format.number(sum(key))}</Text>
                  </Stack>
                ))}
              </SimpleGrid>
              <Table fz="xs" verticalSpacing={2}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('monitoring.targeting.program')}</Table.Th>
                    <Table.Th ta="right">{t('monitoring.targeting.coverage')}</Table.Th>
                    <Table.Th ta="right">{t('monitoring.targeting.exclusionRate')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {worst.map((p) => (
                    <Table.Tr key={p.code}>
                      <Table.Td>{p.code}</Table.Td>
                      <Table.Td ta="right">
                        {p.coverageDesil1 === null ? '–' : format.percent(p.coverageDesil1)}
                      </Table.Td>
                      <Table.Td ta="right">
                        {p.exclusionRate === null ? '–' : format.percent(p.exclusionRate)}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Stack>
          );
        }}
      </Panel>
      <Panel
        testId="panel-partners"
        title={t('monitoring.partners.title')}
        query={contributions}
        exportTable={(data) => ({
          title: t('monitoring.partners.title'),
          subtitle: regionCode,
          columns: [
            { header: t('monitoring.partners.partner') },
            { header: t('monitoring.partners.value'), format: 'rupiah' },
            { header: t('monitoring.partners.households'), format: 'integer' },
          ],
          rows: [...byPartnerOf(data.items).values()].map((p) => [p.name, p.value, p.households]),
        })}
      >
        {(data) => {
          const byPartner = byPartnerOf(data.items);
          return byPartner.size === 0 ? (
            <Text c="dimmed" size="sm">
              {t('monitoring.partners.none')}
            </Text>
          ) : (
            <Table fz="xs" verticalSpacing={2}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('monitoring.partners.partner')}</Table.Th>
                  <Table.Th ta="right">{t('monitoring.partners.value')}</Table.Th>
                  <Table.Th ta="right">{t('monitoring.partners.households')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {[...byPartner.entries()].map(([code, p]) => (
                  <Table.Tr key={code} data-testid="partner-row" data-code={code}>
                    <Table.Td>{p.name}</Table.Td>
                    <Table.Td ta="right">Rp {format.number(p.value)}</Table.Td>
                    <Table.Td ta="right">{format.number(p.households)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          );
        }}
      </Panel>
    </SimpleGrid>
  );
}
