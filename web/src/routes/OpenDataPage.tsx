import { Alert, Button, Group, SegmentedControl, Stack, Table, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { openDataCsvUrl, openDataLevels, openDataQuery, type OpenDataLevel } from '../api/opendata';
import { PublicPage } from '../components/PublicPage';
import { useFormat } from '../lib/format';

/** Data Terbuka: public aggregates by area (no sign-in); small counts are suppressed by the server. */
export function OpenDataPage() {
  const { t } = useTranslation();
  const format = useFormat();
  useDocumentTitle(`${t('openData.title')} · Tepat`);
  const [level, setLevel] = useState<OpenDataLevel>('kota');
  const { data, isPending, error } = useQuery(openDataQuery(level));
  const count = (n: number | null) =>
    n === null ? (
      <Text span c="dimmed">
        {t('openData.suppressed')}
      </Text>
    ) : (
      format.number(n)
    );
  return (
    <PublicPage width={1200}>
      <Stack gap="md" component="main" data-testid="page-open-data">
        <Title order={1}>{t('openData.title')}</Title>
        <Text>{t('openData.intro')}</Text>
        <Alert color="blue" title={t('openData.suppressionTitle')}>
          {t('openData.suppressionText')}
        </Alert>
        <Group justify="space-between">
          <SegmentedControl
            value={level}
            onChange={setLevel}
            data={openDataLevels.map((l) => ({ value: l, label: t(`levels.${l}`) }))}
            data-testid="open-data-level"
          />
          <Button component="a" href={openDataCsvUrl(level)} download data-testid="open-data-csv">
            {t('openData.downloadCsv')}
          </Button>
        </Group>
        {error && <Alert color="red">{error.message}</Alert>}
        {isPending && <Text c="dimmed">{t('openData.loading')}</Text>}
        {data && (
          <Table.ScrollContainer minWidth={900}>
            <Table striped withTableBorder data-testid="open-data-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('openData.area')}</Table.Th>
                  <Table.Th ta="right">{t('openData.households')}</Table.Th>
                  <Table.Th ta="right">{t('openData.persons')}</Table.Th>
                  <Table.Th ta="right">{t('openData.desil14')}</Table.Th>
                  <Table.Th ta="right">{t('openData.extremePoor')}</Table.Th>
                  {[1, 2, 3, 4].map((p) => (
                    <Table.Th key={p} ta="right">
                      {t('openData.coveredPillar', { pillar: p })}
                    </Table.Th>
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.areas.map((area) => (
                  <Table.Tr key={area.code} data-testid={`open-data-row-${area.code}`}>
                    <Table.Td>
                      {area.name}{' '}
                      <Text span c="dimmed" size="xs">
                        {area.code}
                      </Text>
                      {area.isPriority && (
                        <Text span c="orange" size="xs" ml={4}>
                          {t('priority.priorityKecamatan')}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td ta="right">{count(area.households)}</Table.Td>
                    <Table.Td ta="right">{count(area.persons)}</Table.Td>
                    <Table.Td ta="right">{count(area.desil14Households)}</Table.Td>
                    <Table.Td ta="right">{count(area.extremePoorHouseholds)}</Table.Td>
                    {area.coveredByPillar.map((n, i) => (
                      <Table.Td key={i} ta="right">
                        {count(n)}
                      </Table.Td>
                    ))}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        <Text size="sm" c="dimmed">
          {t('openData.api')} <code>/api/v1/open-data/areas?level={level}</code> ·{' '}
          <a href="/api/docs">{t('openData.apiDocs')}</a>
        </Text>
      </Stack>
    </PublicPage>
  );
}
