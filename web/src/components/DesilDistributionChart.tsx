import { useTranslation } from 'react-i18next';
import type { RegionStats } from '../api/types';
import { useFormat } from '../lib/format';
import { desilColors } from '../theme';
import { ChartFigure } from './ChartFigure';

/** Households per welfare desil (1 = poorest tenth of the province) in one region. */
export function DesilDistributionChart({ stats, areaName }: { stats: RegionStats; areaName: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const option = {
    animation: false,
    grid: { left: 48, right: 12, top: 24, bottom: 36 },
    tooltip: { trigger: 'axis', valueFormatter: (value: unknown) => format.number(Number(value)) },
    xAxis: {
      type: 'category',
      name: t('home.desil.axis'),
      nameLocation: 'middle',
      nameGap: 24,
      data: stats.desilCounts.map((_, index) => String(index + 1)),
    },
    yAxis: { type: 'value', axisLabel: { formatter: (value: number) => format.number(value) } },
    series: [
      {
        name: t('home.desil.households'),
        type: 'bar',
        data: stats.desilCounts.map((count, index) => ({
          value: count,
          itemStyle: { color: desilColors[index] },
        })),
        label: {
          show: true,
          position: 'top',
          fontSize: 10,
          formatter: (p: { value: number }) => format.number(p.value),
        },
      },
    ],
  };
  return (
    <ChartFigure
      testId="chart-desil-distribution"
      title={t('home.desil.title')}
      description={t('home.desil.description', { area: areaName })}
      option={option}
      height={300}
    />
  );
}
