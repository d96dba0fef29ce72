import { Paper, SimpleGrid, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { RegionStats } from '../api/types';
import { shareOf, useFormat } from '../lib/format';
import { desil14Households } from '../lib/indicators';

function StatCard({
  label,
  value,
  note,
  testId,
}: {
  label: string;
  value: string;
  note?: string;
  testId: string;
}) {
  return (
    <Paper withBorder p="sm" data-testid={testId}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600} lh={1.3}>
        {label}
      </Text>
      <Text fz={{ base: 22, sm: 26 }} fw={700} lh={1.3} data-testid={`${testId}-value`}>
        {value}
      </Text>
      {note && (
        <Text size="xs" c="dimmed">
          {note}
        </Text>
      )}
    </Paper>
  );
}

/** The registry's headline figures for an area: households, persons, extreme poor, desil 1–4. */
export function RegionStatCards({ stats }: { stats: RegionStats }) {
  const { t } = useTranslation();
  const format = useFormat();
  const desil14 = desil14Households(stats);
  return (
    <SimpleGrid cols={{ base: 2, md: 4 }} spacing={{ base: 'xs', sm: 'md' }}>
      <StatCard
        testId="stat-households"
        label={t('home.stats.households')}
        value={format.number(stats.households)}
      />
      <StatCard testId="stat-persons" label={t('home.stats.persons')} value={format.number(stats.persons)} />
      <StatCard
        testId="stat-extreme-poor"
        label={t('home.stats.extremePoor')}
        value={format.number(stats.extremePoorHouseholds)}
        note={t('home.stats.ofHouseholds', {
          share: format.percent(shareOf(stats.extremePoorHouseholds, stats.households)),
        })}
      />
      <StatCard
        testId="stat-desil-1-4"
        label={t('home.stats.desil14')}
        value={format.number(desil14)}
        note={
          stats.desil1to4Share == null
            ? undefined
            : t('home.stats.ofRanked', { share: format.percent(stats.desil1to4Share) })
        }
      />
    </SimpleGrid>
  );
}
