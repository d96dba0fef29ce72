import { Badge, Group, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { extremePoorQuery, type ExtremePoorHousehold } from '../../api/targeting';
import { AnchorLink } from '../AnchorLink';
import { DesilBadge } from '../DesilBadge';
import { QueryState } from '../QueryState';
import { PagedList } from '../PagedList';

const pageSize = 20;
const pillars = [1, 2, 3, 4] as const;

/**
 * Every extreme-poor household of the area with, per pillar, the programs reaching it (green) and the programs
 * it is eligible for but not reached by (red): "one family, one plan" (audited server-side).
 */
export function ExtremePoorTab({
  region,
  page,
  onPage,
}: {
  region: string;
  page: number;
  onPage: (page: number) => void;
}) {
  const { t } = useTranslation();
  const list = useQuery(extremePoorQuery(region, page, pageSize));
  return (
    <QueryState query={list}>
      {(result) => (
        <PagedList
          label={t('targeting.extreme.total')}
          total={result.total}
          totalProps={{ 'data-testid': 'extreme-total' }}
          empty={result.items.length === 0}
          emptyText={t('targeting.extreme.none')}
          page={page}
          pageSize={pageSize}
          onPage={onPage}
        >
          <ExtremeTable items={result.items} />
        </PagedList>
      )}
    </QueryState>
  );
}

function ExtremeTable({ items }: { items: ExtremePoorHousehold[] }) {
  const { t } = useTranslation();
  return (
    <Table.ScrollContainer minWidth={1240}>
      <Table verticalSpacing="xs" striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('targeting.extreme.head')}</Table.Th>
            <Table.Th>{t('search.columns.kelurahan')}</Table.Th>
            <Table.Th>{t('search.columns.desil')}</Table.Th>
            {pillars.map((pillar) => (
              <Table.Th key={pillar} miw={pillar === 2 ? 220 : 170}>
                {t('targeting.coverage.pillar', { pillar })}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((item) => (
            <Table.Tr key={item.householdId} data-testid="extreme-row" data-household={item.householdId}>
              <Table.Td>
                <AnchorLink
                  to="/households/$householdId"
                  params={{ householdId: String(item.householdId) }}
                  fw={600}
                >
                  {item.headName ?? t('common.none')}
                </AnchorLink>
                <Text size="xs" c="dimmed" ff="monospace">
                  {item.kkNumber}
                </Text>
              </Table.Td>
              <Table.Td>{item.kelurahanName}</Table.Td>
              <Table.Td>
                <DesilBadge desil={item.desil} size="sm" />
              </Table.Td>
              {pillars.map((pillar) => (
                <Table.Td key={pillar}>
                  <PillarBadges entry={item.pillars.find((p) => p.pillar === pillar)} />
                </Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function PillarBadges({ entry }: { entry?: ExtremePoorHousehold['pillars'][number] }) {
  const { t } = useTranslation();
  if (!entry || (entry.programs.length === 0 && entry.gaps.length === 0))
    return (
      <Text size="sm" c="dimmed">
        {t('common.none')}
      </Text>
    );
  return (
    <Group gap={4}>
      {entry.programs.map((code) => (
        <Badge key={code} color="green" variant="light" size="sm" title={t('targeting.extreme.reached')}>
          {code}
        </Badge>
      ))}
      {entry.gaps.map((code) => (
        <Badge
          key={code}
          color="red"
          variant="light"
          size="sm"
          title={t('targeting.extreme.gap')}
          data-testid="extreme-gap"
        >
          {code}
        </Badge>
      ))}
    </Group>
  );
}
