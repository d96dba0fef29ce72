import { Badge, Paper, Stack, Table, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { ledgerQuery, type LedgerItem } from '../../api/targeting';
import { useFormat } from '../../lib/format';
import { formatRupiah } from '../../lib/money';
import { QueryState } from '../QueryState';
import { PagedList } from '../PagedList';
import { IdentityCells } from '../IdentityCells';

const pageSize = 20;
const statusColors: Record<string, string> = { active: 'green', suspended: 'yellow', ended: 'gray' };

/**
 * "Daftar penerima": the program's enrolment ledger as the user may see it. Users the server refuses (an agency
 * looking at another agency's program) simply do not get the panel.
 */
export function LedgerPanel({ code }: { code: string }) {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const ledger = useQuery(ledgerQuery(code, page, pageSize));
  if (ledger.error instanceof ApiError && ledger.error.status === 403) return null;
  return (
    <Paper withBorder p="md" data-testid="ledger-panel">
      <Stack gap="sm">
        <Title order={2} fz="lg">
          {t('ledger.title')}
        </Title>
        <QueryState query={ledger}>
          {(result) => (
            <PagedList
              label={t('ledger.total')}
              total={result.total}
              totalProps={{ 'data-testid': 'ledger-total' }}
              empty={result.items.length === 0}
              emptyText={t('ledger.none')}
              page={page}
              pageSize={pageSize}
              onPage={setPage}
            >
              <LedgerTable items={result.items} />
            </PagedList>
          )}
        </QueryState>
      </Stack>
    </Paper>
  );
}

function LedgerTable({ items }: { items: LedgerItem[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <Table.ScrollContainer minWidth={1100}>
      <Table verticalSpacing="xs" striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('search.columns.name')}</Table.Th>
            <Table.Th>{t('search.columns.nik')}</Table.Th>
            <Table.Th>{t('search.columns.kk')}</Table.Th>
            <Table.Th>{t('search.columns.kelurahan')}</Table.Th>
            <Table.Th>{t('ledger.provider')}</Table.Th>
            <Table.Th>{t('ledger.start')}</Table.Th>
            <Table.Th miw={110}>{t('ledger.status')}</Table.Th>
            <Table.Th miw={170}>{t('ledger.lastDelivery')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((item) => (
            <Table.Tr key={item.id} data-testid="ledger-row" data-nik={item.nik ?? ''}>
              <IdentityCells {...item} />
              <Table.Td>{item.provider}</Table.Td>
              <Table.Td>{format.date(item.startDate)}</Table.Td>
              <Table.Td>
                <Badge color={statusColors[item.status] ?? 'gray'} variant="light" size="sm">
                  {t(`ledger.statuses.${item.status}`, { defaultValue: item.status })}
                </Badge>
              </Table.Td>
              <Table.Td>
                {item.lastPeriod
                  ? `${format.period(item.lastPeriod)}${item.lastAmount === null ? '' : ` · ${formatRupiah(item.lastAmount, format.locale)}`}`
                  : t('common.none')}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
