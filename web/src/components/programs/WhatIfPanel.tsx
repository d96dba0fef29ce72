import { Alert, Button, Group, List, Paper, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { useWhatIf, type WhatIfResult, type WhatIfRow } from '../../api/programs';
import { useFormat } from '../../lib/format';
import { formatRupiah } from '../../lib/money';
import { useErrorMessage } from '../QueryState';

interface Props {
  code: string;
  region: string;
  activeRule: string;
}

/** Simulates a proposed rule against the active one in the chosen area: counts, desil-1 coverage, yearly cost. */
export function WhatIfPanel({ code, region, activeRule }: Props) {
  const { t } = useTranslation();
  const describe = useErrorMessage();
  const [rule, setRule] = useState(activeRule);
  const whatIf = useWhatIf(code);
  const error = whatIf.error;
  return (
    <Paper withBorder p="md">
      <Stack gap="sm">
        <Title order={2} fz="lg">
          {t('programs.whatIf.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('programs.whatIf.intro')}
        </Text>
        <Textarea
          label={t('programs.whatIf.rule')}
          value={rule}
          onChange={(event) => setRule(event.currentTarget.value)}
          autosize
          minRows={3}
          styles={{ input: { fontFamily: 'monospace' } }}
          data-testid="whatif-rule"
        />
        <Group>
          <Button
            onClick={() => whatIf.mutate({ rule, region })}
            loading={whatIf.isPending}
            disabled={rule.trim() === ''}
            data-testid="whatif-run"
          >
            {t('programs.whatIf.run')}
          </Button>
        </Group>
        {error && (
          <Alert color="red" title={t('programs.whatIf.invalid')} data-testid="whatif-error" role="alert">
            {error instanceof ApiError && error.issues.length > 0 ? (
              <List size="sm">
                {error.issues.map(({ message }) => (
                  <List.Item key={message}>{message}</List.Item>
                ))}
              </List>
            ) : (
              describe(error)
            )}
          </Alert>
        )}
        {whatIf.data && !error && <WhatIfTable result={whatIf.data} />}
      </Stack>
    </Paper>
  );
}

function WhatIfTable({ result }: { result: WhatIfResult }) {
  const { t } = useTranslation();
  const { locale } = useFormat();
  const budget = result.programBudget;
  return (
    <Stack gap="xs" data-testid="whatif-result">
      <Table.ScrollContainer minWidth={820}>
        <Table verticalSpacing="xs" striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('programs.whatIf.area')}</Table.Th>
              <Table.Th ta="right">{t('programs.whatIf.current')}</Table.Th>
              <Table.Th ta="right">{t('programs.whatIf.proposed')}</Table.Th>
              <Table.Th ta="right">{t('programs.whatIf.delta')}</Table.Th>
              <Table.Th ta="right">{t('programs.whatIf.coverage')}</Table.Th>
              <Table.Th ta="right">{t('programs.whatIf.budget')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {result.areas.map((row) => (
              <Row key={row.code} row={row} />
            ))}
            <Row row={result.total} total />
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {result.yearlyBenefitPerUnit === null ? (
        <Text size="sm" c="dimmed">
          {t('programs.whatIf.noAmount')}
        </Text>
      ) : (
        <Text size="sm" c="dimmed">
          {t(result.budgetIsEstimate ? 'programs.whatIf.perUnitEstimate' : 'programs.whatIf.perUnit', {
            amount: formatRupiah(result.yearlyBenefitPerUnit, locale),
          })}
        </Text>
      )}
      {budget && (
        <Text size="sm" data-testid="whatif-pagu">
          {t('programs.whatIf.pagu', {
            year: budget.year,
            region: budget.regionCode,
            budget: budget.budget === null ? t('common.none') : formatRupiah(budget.budget, locale),
            quota: budget.quota === null ? t('common.none') : budget.quota.toLocaleString(locale),
          })}
        </Text>
      )}
    </Stack>
  );
}

function Row({ row, total = false }: { row: WhatIfRow; total?: boolean }) {
  const { t } = useTranslation();
  const format = useFormat();
  const percent = (value: number | null) => (value === null ? t('common.none') : format.percent(value));
  const money = (value: number | null) =>
    value === null ? t('common.none') : formatRupiah(value, format.locale);
  const id = (name: string) => (total ? { 'data-testid': `whatif-total-${name}` } : {});
  return (
    <Table.Tr
      fw={total ? 700 : undefined}
      data-testid={total ? 'whatif-total' : 'whatif-row'}
      data-code={row.code}
    >
      <Table.Td>{total ? t('programs.whatIf.total', { area: row.name }) : row.name}</Table.Td>
      <Table.Td ta="right" {...id('current')} data-value={row.current}>
        {format.number(row.current)}
      </Table.Td>
      <Table.Td ta="right" {...id('proposed')} data-value={row.proposed}>
        {format.number(row.proposed)}
      </Table.Td>
      <Table.Td ta="right" c={row.delta > 0 ? 'teal' : row.delta < 0 ? 'red' : undefined}>
        {row.delta > 0 ? '+' : ''}
        {format.number(row.delta)}
      </Table.Td>
      <Table.Td ta="right">
        {percent(row.coverageCurrent)} → {percent(row.coverageProposed)}
      </Table.Td>
      <Table.Td ta="right">
        {money(row.budgetCurrent)} → {money(row.budgetProposed)}
      </Table.Td>
    </Table.Tr>
  );
}
