import type { useTranslation } from 'react-i18next';
import type { PovertyStatistics } from '../api/types';
import type { useFormat } from '../lib/format';
import type { ChartOption } from './charts';

type Translate = ReturnType<typeof useTranslation>['t'];
type Format = ReturnType<typeof useFormat>;

const toDate = (period: string) => `${period.slice(0, 7)}-01`;

/**
 * The official P0 series on a time axis (gaps such as Sep 2023, which BPS never released, stay gaps), the
 * target band as a shaded area, and a dashed line from the latest figure to the band's upper edge at the target
 * year: the least reduction that still meets the target.
 */
export function buildPovertyOption(statistics: PovertyStatistics, t: Translate, format: Format): ChartOption {
  const { target } = statistics;
  const points = statistics.series.filter((row) => row.p0 != null).map((row) => [toDate(row.period), row.p0]);
  const latest = points.at(-1);
  const lastYear = Math.max(target?.year ?? 0, Number(latest?.[0]?.toString().slice(0, 4) ?? 2025));
  const band = target && {
    silent: true,
    itemStyle: { color: 'rgba(47, 158, 68, 0.16)' },
    label: { position: 'insideBottomLeft', color: '#2b8a3e', fontSize: 11 },
    data: [
      [
        {
          yAxis: target.p0Min,
          name: t('home.officialSeries.targetBand', {
            year: target.year,
            low: format.number(target.p0Min, 2),
            high: format.number(target.p0Max, 2),
          }),
        },
        { yAxis: target.p0Max },
      ],
    ],
  };
  const trajectory = target && latest ? [latest, [`${target.year}-12-01`, target.p0Max]] : [];
  return {
    animation: false,
    grid: { left: 40, right: 16, top: 36, bottom: 28 },
    legend: { top: 0, left: 0, itemWidth: 18, textStyle: { fontSize: 11 } },
    tooltip: {
      trigger: 'axis',
      valueFormatter: (value: unknown) => (typeof value === 'number' ? `${format.number(value, 2)} %` : ''),
    },
    xAxis: {
      type: 'time',
      min: `${points[0]?.[0]?.toString().slice(0, 4) ?? 2017}-01-01`,
      max: `${lastYear + 1}-01-01`,
    },
    yAxis: {
      type: 'value',
      min: 0,
      max: (extent: { max: number }) => Math.ceil(extent.max + 0.5),
      axisLabel: { formatter: (value: number) => format.number(value, 0) },
    },
    series: [
      {
        name: t('home.officialSeries.p0'),
        type: 'line',
        data: points,
        symbolSize: 6,
        lineStyle: { width: 2.5 },
        color: '#0b7285',
        ...(band ? { markArea: band } : {}),
      },
      ...(target
        ? [
            {
              name: t('home.officialSeries.trajectory', { year: target.year }),
              type: 'line',
              data: trajectory,
              color: '#2b8a3e',
              lineStyle: { type: 'dashed', width: 2 },
              symbolSize: 5,
            },
          ]
        : []),
    ],
  };
}
