import { Group, Stack, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { targetingSummaryQuery, type ProgramTotals } from '../../api/targeting';
import { useFormat } from '../../lib/format';
import { AnchorLink } from '../AnchorLink';
import { QueryState } from '../QueryState';
import { RecomputeControl } from './RecomputeControl';

/** Per program in the area: eligible, enrolled, inclusion and exclusion errors, overlaps and desil-1 coverage. */
export function SummaryTab({ region, canRecompute }: { region: string; canRecompute: boolean }) {
  const { t } = useTranslation();
  const format = useFormat();
  const summary = useQuery(targetingSummaryQuery(region));
  return (
    <Stack gap="sm">
      <Group justify="space-between" align="flex-start">
        <Text size="sm" c="dimmed" data-testid="targeting-run">
          {summary.data?.run
            ? t('targeting.summary.lastRun', {
                date: format.dateTime(summary.data.run.finishedAt),
                reference: format.date(summary.data.run.referenceDate),
              })
            : summary.data && t('targeting.summary.noRun')}
        </Text>
        {canRecompute && <RecomputeControl />}
      </Group>
      <QueryState query={summary}>
        {(result) => (
          <SummaryTable
            programs={result.programs}
            region={summary.isPlaceholderData ? undefined : result.region}
          />
        )}
      </QueryState>
    </Stack>
  );
}

function SummaryTable({ programs, region }: { programs: ProgramTotals[]; region?: string }) {
  const { t } = useTranslation();
  const sorted = [...programs].sort((a, b) => a.pillar - b.pillar || a.code.localeCompare(b.code));
  return (
    <Table.ScrollContainer minWidth={980}>
      <Table verticalSpacing="xs" striped data-testid="targeting-summary" data-region={region}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('programs.fields.pillar')}</Table.Th>
            <Table.Th>{t('programs.columns.name')}</Table.Th>
            <Table.Th>{t('programs.columns.agency')}</Table.Th>
            <Table.Th ta="right">{t('targeting.summary.eligible')}</Table.Th>
            <Table.Th ta="right">{t('targeting.summary.enrolled')}</Table.Th>
            <Table.Th ta="right">{t('targeting.summary.inclusion')}</Table.Th>
            <Table.Th ta="right">{t('targeting.summary.exclusion')}</Table.Th>
            <Table.Th ta="right">{t('targeting.summary.overlaps')}</Table.Th>
            <Table.Th ta="right">{t('targeting.summary.coverageDesil1')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {sorted.map((program) => (
            <SummaryRow key={program.code} program={program} />
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function SummaryRow({ program }: { program: ProgramTotals }) {
  const { t } = useTranslation();
  const format = useFormat();
  const rate = (value: number | null) => (value === null ? t('common.none') : format.percent(value));
  return (
    <Table.Tr
      data-testid="targeting-summary-row"
      data-code={program.code}
      data-eligible={program.eligible}
      data-exclusion={program.exclusionErrors}
    >
      <Table.Td>{program.pillar}</Table.Td>
      <Table.Td>
        <AnchorLink to="/programs/$code" params={{ code: program.code }} fw={600}>
          {program.name}
        </AnchorLink>
        <Text size="xs" c="dimmed">
          {program.code} · {t(`programs.units.${program.unit}`)}
        </Text>
      </Table.Td>
      <Table.Td>{program.agency}</Table.Td>
      <Table.Td ta="right" data-testid="summary-eligible">
        {format.number(program.eligible)}
      </Table.Td>
      <Table.Td ta="right">{format.number(program.enrolled)}</Table.Td>
      <Table.Td ta="right">
        {format.number(program.inclusionErrors)}
        <Text size="xs" c="dimmed">
          {rate(program.inclusionRate)}
        </Text>
      </Table.Td>
      <Table.Td ta="right" data-testid="summary-exclusion">
        {format.number(program.exclusionErrors)}
        <Text size="xs" c="dimmed">
          {rate(program.exclusionRate)}
        </Text>
      </Table.Td>
      <Table.Td ta="right">{format.number(program.overlaps)}</Table.Td>
      <Table.Td ta="right">{rate(program.coverageDesil1)}</Table.Td>
    </Table.Tr>
  );
}
