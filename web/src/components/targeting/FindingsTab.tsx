import { Badge, Group, SegmentedControl, Select, Stack, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { programsQuery } from '../../api/programs';
import { findingKinds, findingsQuery, type Finding, type FindingKind } from '../../api/targeting';
import { DesilBadge } from '../DesilBadge';
import { QueryState } from '../QueryState';
import { PagedList } from '../PagedList';
import { IdentityCells } from '../IdentityCells';

const pageSize = 20;

interface Props {
  region: string;
  kind: FindingKind;
  program?: string;
  page: number;
  onFilter: (filter: { kind?: FindingKind; program?: string }) => void;
  onPage: (page: number) => void;
}

/** Inclusion errors, exclusion errors and overlaps by name, filtered by kind and program (audited server-side). */
export function FindingsTab({ region, kind, program, page, onFilter, onPage }: Props) {
  const { t } = useTranslation();
  const programs = useQuery(programsQuery);
  const findings = useQuery(findingsQuery({ region, kind, program, page, pageSize }));
  return (
    <Stack gap="sm">
      <Group gap="sm" align="flex-end" wrap="wrap">
        <SegmentedControl
          value={kind}
          onChange={(value) => onFilter({ kind: value, program })}
          data={findingKinds.map((value) => ({ value, label: t(`targeting.kinds.${value}`) }))}
          data-testid="findings-kind"
        />
        <Select
          label={t('targeting.findings.program')}
          placeholder={t('targeting.findings.allPrograms')}
          data={(programs.data?.programs ?? []).map((p) => ({
            value: p.code,
            label: `${p.code} · ${p.name}`,
          }))}
          value={program ?? null}
          onChange={(value) => onFilter({ kind, program: value ?? undefined })}
          searchable
          clearable
          w={320}
          data-testid="findings-program"
          comboboxProps={{ withinPortal: true }}
        />
      </Group>
      <Text size="sm" c="dimmed">
        {t(`targeting.findings.explain.${kind}`)}
      </Text>
      <QueryState query={findings}>
        {(result) => (
          <PagedList
            label={t('targeting.findings.total')}
            total={result.total}
            totalProps={{ 'data-testid': 'findings-total' }}
            empty={result.items.length === 0}
            emptyText={t('targeting.findings.none')}
            page={page}
            pageSize={pageSize}
            onPage={onPage}
          >
            <FindingsTable items={result.items} />
          </PagedList>
        )}
      </QueryState>
    </Stack>
  );
}

function FindingsTable({ items }: { items: Finding[] }) {
  const { t } = useTranslation();
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table verticalSpacing="xs" striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('search.columns.name')}</Table.Th>
            <Table.Th>{t('search.columns.nik')}</Table.Th>
            <Table.Th>{t('search.columns.kk')}</Table.Th>
            <Table.Th>{t('search.columns.kelurahan')}</Table.Th>
            <Table.Th>{t('search.columns.desil')}</Table.Th>
            <Table.Th>{t('targeting.findings.programs')}</Table.Th>
            <Table.Th>{t('targeting.findings.providers')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((item) => (
            <Table.Tr
              key={`${item.kind}:${item.programCode ?? item.purposeGroup}:${item.householdId}:${item.personId ?? ''}`}
              data-testid="findings-row"
              data-kind={item.kind}
            >
              <IdentityCells {...item} />
              <Table.Td>
                <DesilBadge desil={item.desil} size="sm" />
              </Table.Td>
              <Table.Td>
                <Group gap={4}>
                  {(item.programs.length > 0 ? item.programs : [item.programCode ?? '']).map((code) => (
                    <Badge key={code} variant="light" size="sm">
                      {code}
                    </Badge>
                  ))}
                </Group>
              </Table.Td>
              <Table.Td>{item.providers.join(', ') || t('common.none')}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
