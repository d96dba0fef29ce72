import { Badge, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { programsQuery, type ProgramSummary } from '../api/programs';
import { AnchorLink } from '../components/AnchorLink';
import { QueryState } from '../components/QueryState';
import { useFormat } from '../lib/format';
import { amountSummary } from '../lib/money';

const pillars = [1, 2, 3, 4] as const;

/** The program catalogue (Program), by intervention pillar: who runs it, for whom, how much, which rule. */
export function ProgramsPage() {
  const { t } = useTranslation();
  useDocumentTitle(`${t('programs.title')} · Tepat`);
  const programs = useQuery(programsQuery);
  return (
    <Stack gap="md" data-testid="page-programs">
      <Title order={1} fz={{ base: 22, sm: 28 }}>
        {t('programs.title')}
      </Title>
      <Text c="dimmed">{t('programs.intro')}</Text>
      <QueryState query={programs}>
        {({ programs: rows }) =>
          pillars.map((pillar) => {
            const inPillar = rows.filter((p) => p.pillar === pillar);
            if (inPillar.length === 0) return null;
            return (
              <Stack gap="xs" key={pillar}>
                <Title order={2} fz="lg">
                  {t(`programs.pillars.${pillar}`)}
                </Title>
                <Paper withBorder>
                  <CatalogueTable programs={inPillar} />
                </Paper>
              </Stack>
            );
          })
        }
      </QueryState>
    </Stack>
  );
}

function CatalogueTable({ programs }: { programs: ProgramSummary[] }) {
  const { t } = useTranslation();
  return (
    <Table.ScrollContainer minWidth={720}>
      <Table highlightOnHover verticalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('programs.columns.name')}</Table.Th>
            <Table.Th>{t('programs.columns.agency')}</Table.Th>
            <Table.Th>{t('programs.columns.unit')}</Table.Th>
            <Table.Th>{t('programs.columns.amount')}</Table.Th>
            <Table.Th ta="right">{t('programs.columns.ruleVersion')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {programs.map((program) => (
            <CatalogueRow key={program.code} program={program} />
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function CatalogueRow({ program }: { program: ProgramSummary }) {
  const { t } = useTranslation();
  const { locale } = useFormat();
  const navigate = useNavigate();
  const params = { code: program.code };
  const amount = amountSummary(program.currentAmounts, locale, (p) => t(`programs.perPeriod.${p}`));
  return (
    <Table.Tr
      onClick={() => void navigate({ to: '/programs/$code', params })}
      style={{ cursor: 'pointer' }}
      data-testid="program-row"
      data-code={program.code}
    >
      <Table.Td>
        <AnchorLink to="/programs/$code" params={params} fw={600} onClick={(e) => e.stopPropagation()}>
          {program.name}
        </AnchorLink>
        <Text size="xs" c="dimmed">
          {program.code}
        </Text>
      </Table.Td>
      <Table.Td>{program.agency}</Table.Td>
      <Table.Td>{t(`programs.units.${program.unit}`)}</Table.Td>
      <Table.Td>{amount ?? t(`programs.kinds.${program.benefitKind}`)}</Table.Td>
      <Table.Td ta="right">
        {program.activeRuleVersion === null ? (
          <Badge color="gray" variant="light">
            {t('programs.noRule')}
          </Badge>
        ) : (
          `v${program.activeRuleVersion}`
        )}
      </Table.Td>
    </Table.Tr>
  );
}
