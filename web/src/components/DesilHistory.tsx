import { Badge, Paper, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { WelfareRanking } from '../api/types';
import { useFormat } from '../lib/format';
import { DesilBadge } from './DesilBadge';

/** Every ranking snapshot of the household, newest first: how its desil moved over time. */
export function DesilHistory({ history }: { history: WelfareRanking[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  const rows = [...history].sort((a, b) => b.snapshotDate.localeCompare(a.snapshotDate));
  return (
    <Paper withBorder p={{ base: 'sm', sm: 'md' }} data-testid="desil-history">
      <Title order={2} size="h4" mb="sm">
        {t('household.desilHistory.title')}
      </Title>
      {rows.length === 0 ? (
        <Text c="dimmed">{t('household.desilHistory.empty')}</Text>
      ) : (
        <Table verticalSpacing={4}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('household.desilHistory.date')}</Table.Th>
              <Table.Th>{t('household.desilHistory.desil')}</Table.Th>
              <Table.Th>{t('household.desilHistory.extremePoor')}</Table.Th>
              <Table.Th>{t('household.desilHistory.model')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((row) => (
              <Table.Tr key={row.snapshotId}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{format.date(row.snapshotDate)}</Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  <DesilBadge desil={row.desil} size="sm" />
                </Table.Td>
                <Table.Td>
                  {row.isExtremePoor ? (
                    <Badge color="red" size="sm">
                      {t('common.yes')}
                    </Badge>
                  ) : (
                    t('common.no')
                  )}
                </Table.Td>
                <Table.Td fz="xs" c="dimmed">
                  {row.modelVersion}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Paper>
  );
}
