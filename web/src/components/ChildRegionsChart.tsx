import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Region } from '../api/types';
import { shortRegionName, useFormat } from '../lib/format';
import { indicatorValue } from '../lib/indicators';
import { ChartFigure } from './ChartFigure';

/** A sub-region's axis label; ★ marks the priority kecamatan. */
const labelOf = (region: Region) => `${region.isPriority ? '★ ' : ''}${shortRegionName(region.name)}`;

interface Props {
  areaName: string;
  childLevel: 'kota' | 'kecamatan' | 'kelurahan';
  regions: Region[];
  onSelect: (code: string) => void;
}

/** The sub-regions of an area as bars of extreme-poor and desil 1–4 shares; a click drills down. */
export function ChildRegionsChart({ areaName, childLevel, regions, onSelect }: Props) {
  const { t } = useTranslation();
  const format = useFormat();
  const level = t(`levelsPlural.${childLevel}`);
  if (regions.length === 0) return <Text c="dimmed">{t('home.children.none', { area: areaName })}</Text>;

  // Highest desil 1–4 share first: the places that need attention lead the list.
  const rows = regions
    .map((region) => ({
      region,
      desil14: indicatorValue(region.stats, 'desil14Share'),
      extreme: indicatorValue(region.stats, 'extremePoorShare'),
    }))
    .sort((a, b) => (b.desil14 ?? -1) - (a.desil14 ?? -1));
  const percent = (value: number | null) => (value == null ? null : Math.round(value * 1000) / 10);
  const option = {
    animation: false,
    legend: { top: 0, left: 0, textStyle: { fontSize: 11 } },
    grid: { left: 8, right: 40, top: 28, bottom: 8, containLabel: true },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      valueFormatter: (value: unknown) => (typeof value === 'number' ? `${format.number(value, 1)} %` : '—'),
    },
    xAxis: { type: 'value', axisLabel: { formatter: (value: number) => `${format.number(value)} %` } },
    yAxis: {
      type: 'category',
      inverse: true,
      triggerEvent: true,
      axisLabel: { fontSize: 11, width: 140, overflow: 'truncate' },
      data: rows.map(({ region }) => labelOf(region)),
    },
    series: [
      {
        name: t('home.children.desil14Share'),
        type: 'bar',
        color: '#f59f00',
        data: rows.map((row) => percent(row.desil14)),
        label: {
          show: rows.length <= 12,
          position: 'right',
          fontSize: 10,
          formatter: (p: { value: number }) => format.number(p.value, 1),
        },
      },
      {
        name: t('home.children.extremeShare'),
        type: 'bar',
        color: '#c92a2a',
        data: rows.map((row) => percent(row.extreme)),
        label: {
          show: rows.length <= 12,
          position: 'right',
          fontSize: 10,
          formatter: (p: { value: number }) => format.number(p.value, 1),
        },
      },
    ],
  };
  // A click on a bar or on a region's name opens that region.
  const selectRegion = (params: unknown) => {
    const { componentType, dataIndex, value } = params as {
      componentType?: string;
      dataIndex?: number;
      value?: unknown;
    };
    const row =
      componentType === 'yAxis'
        ? rows.find(({ region }) => value === labelOf(region))
        : dataIndex === undefined
          ? undefined
          : rows[dataIndex];
    if (row) onSelect(row.region.code);
  };
  return (
    <ChartFigure
      testId="chart-child-regions"
      title={t('home.children.title', { level })}
      description={t('home.children.description', { level, area: areaName })}
      option={option}
      height={Math.max(260, 60 + rows.length * 34)}
      onEvents={{ click: selectRegion }}
      footer={
        rows.some(({ region }) => region.isPriority) && (
          <Text size="xs" c="dimmed">
            ★ {t('home.children.priority')}
          </Text>
        )
      }
    />
  );
}
