import { Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { povertyStatisticsQuery } from '../api/regions';
import type { PovertyStatistics } from '../api/types';
import { useFormat } from '../lib/format';
import { ChartFigure } from './ChartFigure';
import { buildPovertyOption } from './povertySeriesOption';
import { QueryState } from './QueryState';

/** Jakarta's official poverty rate (BPS) against the 2029 target band, with the path still to travel. */
export function PovertySeriesChart({ regionCode }: { regionCode?: string }) {
  const query = useQuery(povertyStatisticsQuery(regionCode));
  return (
    <QueryState query={query} minHeight={360}>
      {(statistics) => <PovertySeriesFigure statistics={statistics} />}
    </QueryState>
  );
}

function PovertySeriesFigure({ statistics }: { statistics: PovertyStatistics }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { target } = statistics;
  const observed = statistics.series.filter((row) => row.p0 != null);
  const first = observed.at(0);
  const latest = observed.at(-1);
  const span = {
    area: statistics.region.name,
    from: first ? format.period(first.period) : '',
    to: latest ? format.period(latest.period) : '',
  };
  const description = target
    ? t('home.officialSeries.description', {
        ...span,
        year: target.year,
        low: format.number(target.p0Min, 2),
        high: format.number(target.p0Max, 2),
      })
    : t('home.officialSeries.descriptionNoTarget', span);
  return (
    <ChartFigure
      testId="chart-poverty-series"
      title={t('home.officialSeries.title', { area: statistics.region.name })}
      description={description}
      option={buildPovertyOption(statistics, t, format)}
      height={340}
      footer={
        <Text size="xs" c="dimmed">
          {latest?.p0 != null &&
            t('home.officialSeries.latest', {
              value: format.number(latest.p0, 2),
              period: format.period(latest.period),
              persons: format.number((latest.poorPersons ?? 0) / 1000, 1),
            })}{' '}
          · {t('home.officialSeries.source')}
          {target && ` · ${t('home.officialSeries.targetSource', { source: target.source })}`}
        </Text>
      }
    />
  );
}
