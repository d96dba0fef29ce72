import { Badge, Button, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { eligibleQuery, exportUrl, type EligibleItem } from '../../api/programs';
import { useFormat } from '../../lib/format';
import { DesilBadge } from '../DesilBadge';
import { QueryState } from '../QueryState';
import { RegionPicker } from '../RegionPicker';
import { IdentityCells } from '../IdentityCells';
import { PagedList } from '../PagedList';

const pageSize = 20;
/** The server's export cap (targeting.export.ts): a longer list must be narrowed to a smaller area first. */
const exportRowCap = 100_000;

interface Props {
  code: string;
  areaCode: string;
  region: string;
  page: number;
  onRegion: (code: string) => void;
  onPage: (page: number) => void;
}

/**
 * The ranked eligible list of an area (extreme poor first, then desil, then PMT score), with full NIKs: program
 * officials need them for participant lists, and every row read is audited on the server.
 */
export function EligiblePanel({ code, areaCode, region, page, onRegion, onPage }: Props) {
  const { t } = useTranslation();
  const list = useQuery(eligibleQuery(code, region, page, pageSize));
  return (
    <Paper withBorder p="md">
      <Stack gap="sm">
        <Title order={2} fz="lg">
          {t('programs.eligible.title')}
        </Title>
        <div data-testid="region-select">
          <RegionPicker areaCode={areaCode} value={region} onChange={onRegion} />
        </div>
        <QueryState query={list}>
          {(result) => (
            <Stack gap="sm" data-testid="eligible-list">
              <DownloadButtons code={code} region={region} total={result.total} />
              <PagedList
                label={t('programs.eligible.total')}
                total={result.total}
                totalProps={{
                  'data-testid': 'eligible-total',
                  // While another area's list still shows (placeholder data), the total names no region.
                  'data-region': list.isPlaceholderData ? undefined : region,
                }}
                empty={result.items.length === 0}
                emptyText={t('programs.eligible.none')}
                page={page}
                pageSize={pageSize}
                onPage={onPage}
              >
                <EligibleTable items={result.items} offset={(page - 1) * pageSize} />
              </PagedList>
            </Stack>
          )}
        </QueryState>
      </Stack>
    </Paper>
  );
}

function EligibleTable({ items, offset }: { items: EligibleItem[]; offset: number }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <Table.ScrollContainer minWidth={820}>
      <Table verticalSpacing="xs" striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th ta="right">{t('programs.eligible.rank')}</Table.Th>
            <Table.Th>{t('search.columns.name')}</Table.Th>
            <Table.Th>{t('search.columns.nik')}</Table.Th>
            <Table.Th>{t('search.columns.kk')}</Table.Th>
            <Table.Th>{t('search.columns.kelurahan')}</Table.Th>
            <Table.Th>{t('search.columns.desil')}</Table.Th>
            <Table.Th>{t('programs.eligible.extremePoor')}</Table.Th>
            <Table.Th ta="right">{t('programs.eligible.score')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((item, index) => (
            <Table.Tr
              key={`${item.householdId}:${item.personId ?? ''}`}
              data-testid="eligible-row"
              data-nik={item.nik ?? ''}
            >
              <Table.Td ta="right">{format.number(offset + index + 1)}</Table.Td>
              <IdentityCells {...item} />
              <Table.Td>
                <DesilBadge desil={item.desil} size="sm" />
              </Table.Td>
              <Table.Td>
                {item.isExtremePoor && (
                  <Badge color="red" variant="light" size="sm">
                    {t('common.yes')}
                  </Badge>
                )}
              </Table.Td>
              <Table.Td ta="right">
                {item.score === null ? t('common.none') : format.number(item.score, 2)}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** Plain links to the export endpoints (the session cookie goes along); disabled when the list is over the cap. */
function DownloadButtons({ code, region, total }: { code: string; region: string; total: number }) {
  const { t } = useTranslation();
  const tooLong = total > exportRowCap;
  const link = (format: 'xlsx' | 'csv') =>
    tooLong
      ? { component: 'button' as const, disabled: true }
      : { component: 'a' as const, href: exportUrl(code, format, region), download: true };
  return (
    <Group gap="xs">
      <Button {...link('xlsx')} variant="light" data-testid="download-xlsx">
        {t('programs.eligible.downloadXlsx')}
      </Button>
      <Button {...link('csv')} variant="light" data-testid="download-csv">
        {t('programs.eligible.downloadCsv')}
      </Button>
      {tooLong && (
        <Text size="sm" c="dimmed">
          {t('programs.eligible.tooLong', { cap: exportRowCap.toLocaleString('id-ID') })}
        </Text>
      )}
    </Group>
  );
}
