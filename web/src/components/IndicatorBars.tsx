import { Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Region } from '../api/types';
import { shortRegionName, useFormat } from '../lib/format';
import { indicatorValue, isShare, type Indicator } from '../lib/indicators';
import { ChartFigure } from './ChartFigure';

/** A sub-region's axis label; ★ marks the priority kecamatan. */
const labelOf = (region: Region) => `${region.isPriority ? '★ ' : ''}${shortRegionName(region.name)}`;

interface Props {
  areaName: string;
  childLevel: 'kota' | 'kecamatan' | 'kelurahan';
  indicator: Indicator;
  regions: Region[];
  onSelect: (code: string) => void;
  controls?: ReactNode;
  note?: ReactNode;
}

/** The map's non-geographic stand-in: one bar per sub-region for the chosen indicator, highest first. */
export function IndicatorBars({ areaName, childLevel, indicator, regions, onSelect, controls, note }: Props) {
  const { t } = useTranslation();
  const format = useFormat();
  const share = isShare(indicator);
  const rows = regions
    .map((region) => ({ region, value: indicatorValue(region.stats, indicator) }))
    .sort((a, b) => (b.value ?? -1) - (a.value ?? -1));
  const show = (value: number) => (share ? `${format.number(value, 1)} %` : format.number(value));
  const indicatorName = t(`home.indicators.${indicator}`);
  const option = {
    animation: false,
    grid: { left: 8, right: 48, top: 8, bottom: 8, containLabel: true },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      valueFormatter: (v: unknown) => show(Number(v)),
    },
    xAxis: { type: 'value', axisLabel: { formatter: (value: number) => show(value) } },
    yAxis: {
      type: 'category',
      inverse: true,
      axisLabel: { fontSize: 11, width: 140, overflow: 'truncate' },
      data: rows.map(({ region }) => labelOf(region)),
    },
    series: [
      {
        type: 'bar',
        name: indicatorName,
        color: '#e8590c',
        data: rows.map(({ value }) => (value == null ? null : share ? value * 100 : value)),
        label: {
          show: true,
          position: 'right',
          fontSize: 10,
          formatter: (p: { value: number }) => show(p.value),
        },
      },
    ],
  };
  const selectRegion = (params: unknown) => {
    const row = rows[(params as { dataIndex?: number }).dataIndex ?? -1];
    if (row) onSelect(row.region.code);
  };
  return (
    <ChartFigure
      testId="chart-region-map-fallback"
      title={t('home.map.title', { indicator: indicatorName })}
      description={t('home.map.fallbackDescription', {
        indicator: indicatorName,
        level: t(`levelsPlural.${childLevel}`),
        area: areaName,
      })}
      option={option}
      height={Math.max(240, 40 + rows.length * 24)}
      controls={
        <>
          {note}
          {controls}
        </>
      }
      onEvents={{ click: selectRegion }}
      footer={
        regions.length === 0 ? (
          <Text c="dimmed">{t('home.children.none', { area: areaName })}</Text>
        ) : undefined
      }
    />
  );
}
