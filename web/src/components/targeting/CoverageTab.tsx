import { Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { coverageQuery, type CoverageCell, type CoverageMatrix } from '../../api/targeting';
import { shareOf, shortRegionName, useFormat } from '../../lib/format';
import { QueryState } from '../QueryState';
import { CoverageHeatmap } from './CoverageHeatmap';

const pillars = [1, 2, 3, 4] as const;
/** The target group of the poverty programs: desil 1–4 (domain brief, "desil"). */
const targetDesils = (cell: CoverageCell) => cell.desil >= 1 && cell.desil <= 4;

/** Coverage of the area: a desil × pillar heatmap of the share reached, and the same per child area. */
export function CoverageTab({ region }: { region: string }) {
  const coverage = useQuery(coverageQuery(region));
  return (
    <QueryState query={coverage}>
      {(matrix) => (
        <Stack gap="md">
          <CoverageHeatmap cells={matrix.totals} />
          <AreaTable matrix={matrix} />
        </Stack>
      )}
    </QueryState>
  );
}

/** Share of the desil 1–4 households (and of the extreme poor) reached by a pillar's programs. */
function pillarShares(cells: CoverageCell[], pillar: number) {
  const inPillar = cells.filter((cell) => cell.pillar === pillar && targetDesils(cell));
  const sum = (pick: (cell: CoverageCell) => number) =>
    inPillar.reduce((total, cell) => total + pick(cell), 0);
  return {
    households: sum((c) => c.households),
    share: shareOf(
      sum((c) => c.covered),
      sum((c) => c.households),
    ),
    extremePoor: sum((c) => c.extremePoor),
    extremeShare: shareOf(
      sum((c) => c.extremePoorCovered),
      sum((c) => c.extremePoor),
    ),
  };
}

function AreaTable({ matrix }: { matrix: CoverageMatrix }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (matrix.areas.length === 0) return null;
  return (
    <Stack gap="xs">
      <Title order={2} fz="lg">
        {t('targeting.coverage.byArea')}
      </Title>
      <Text size="sm" c="dimmed">
        {t('targeting.coverage.byAreaHint')}
      </Text>
      <Table.ScrollContainer minWidth={760}>
        <Table verticalSpacing="xs" striped data-testid="coverage-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('targeting.coverage.area')}</Table.Th>
              {pillars.map((pillar) => (
                <Table.Th key={pillar} ta="right">
                  {t('targeting.coverage.pillar', { pillar })}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {matrix.areas.map((area) => (
              <Table.Tr key={area.code} data-testid="coverage-row" data-code={area.code}>
                <Table.Td fw={600}>{shortRegionName(area.name)}</Table.Td>
                {pillars.map((pillar) => {
                  const shares = pillarShares(area.cells, pillar);
                  return (
                    <Table.Td key={pillar} ta="right">
                      {shares.households > 0 ? format.percent(shares.share) : t('common.none')}
                      <Text size="xs" c="dimmed">
                        {shares.extremePoor > 0
                          ? t('targeting.coverage.extreme', { share: format.percent(shares.extremeShare) })
                          : ''}
                      </Text>
                    </Table.Td>
                  );
                })}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}
