import { Badge, Code, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ProgramDetail } from '../../api/programs';
import { useFormat } from '../../lib/format';
import { formatRupiah } from '../../lib/money';

type Rule = ProgramDetail['rules'][number];

/** What a program is: pillar, agency, benefit per component, legal basis, confidence, and its active rule. */
export function ProgramHeader({ program, activeRule }: { program: ProgramDetail; activeRule: Rule | null }) {
  const { t } = useTranslation();
  const { locale } = useFormat();
  return (
    <Paper withBorder p="md">
      <Stack gap="sm">
        <Group gap="xs" justify="space-between" align="flex-start">
          <Stack gap={2}>
            <Title order={1} fz={{ base: 22, sm: 28 }} data-testid="program-name">
              {program.name}
            </Title>
            <Text size="sm" c="dimmed">
              {program.code} · {program.nameEn}
            </Text>
          </Stack>
          {program.confidence !== 'confirmed' && (
            <Badge color={program.confidence === 'partial' ? 'yellow' : 'orange'} variant="light">
              {t(`programs.confidence.${program.confidence}`)}
            </Badge>
          )}
        </Group>
        <Text>{program.description}</Text>
        <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }} spacing="sm">
          <Fact label={t('programs.fields.pillar')} value={t(`programs.pillars.${program.pillar}`)} />
          <Fact label={t('programs.fields.agency')} value={program.agency} />
          <Fact label={t('programs.fields.unit')} value={t(`programs.units.${program.unit}`)} />
          <Fact label={t('programs.fields.legalBasis')} value={program.legalBasis ?? t('common.none')} />
        </SimpleGrid>
        <Stack gap={2}>
          <Text size="sm" fw={600}>
            {t('programs.fields.benefit')}
          </Text>
          {program.currentAmounts.map((amount) => (
            <Text size="sm" key={amount.component ?? 'all'}>
              {amount.component ? `${amount.component}: ` : ''}
              {amount.amount === null
                ? t(`programs.kinds.${program.benefitKind}`)
                : `${formatRupiah(amount.amount, locale)}${amount.period ? t(`programs.perPeriod.${amount.period}`) : ''}`}
              {amount.confidence !== 'confirmed' && ` (${t(`programs.confidence.${amount.confidence}`)})`}
            </Text>
          ))}
        </Stack>
        <Stack gap={2}>
          <Text size="sm" fw={600}>
            {activeRule ? t('programs.activeRule', { version: activeRule.version }) : t('programs.noRule')}
          </Text>
          {activeRule && (
            <Code block data-testid="program-rule">
              {activeRule.ruleText}
            </Code>
          )}
        </Stack>
      </Stack>
    </Paper>
  );
}

function Fact({ label, value }: { label: string; value: string }) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm">{value}</Text>
    </Stack>
  );
}
