import { Alert, Select, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { regionMapQuery } from '../api/regions';
import type { MapLevel, Region, RegionMap as RegionMapData } from '../api/types';
import { indicators, type Indicator } from '../lib/indicators';
import { ChartFigure } from './ChartFigure';
import { IndicatorBars } from './IndicatorBars';
import { QueryState } from './QueryState';
import { buildMapOption, registerRegionMap } from './regionMapOption';
import { useFormat } from '../lib/format';

interface Props {
  code: string;
  areaName: string;
  level: MapLevel;
  /** The level of `regions` (kota under the province, whose map still shows kecamatan). */
  childLevel: 'kota' | 'kecamatan' | 'kelurahan';
  /** The sub-regions with figures: the non-geographic view when no boundaries are loaded. */
  regions: Region[];
  indicator: Indicator;
  onIndicatorChange: (indicator: Indicator) => void;
  onSelect: (code: string) => void;
}

/** A choropleth of the area's kecamatan or kelurahan by the chosen indicator; bars when no boundaries exist. */
export function RegionMap(props: Props) {
  const query = useQuery(regionMapQuery(props.code, props.level));
  return (
    <QueryState query={query} minHeight={360}>
      {(map) => <RegionMapFigure {...props} map={map} />}
    </QueryState>
  );
}

function RegionMapFigure({
  map,
  code,
  areaName,
  level,
  childLevel,
  regions,
  indicator,
  onIndicatorChange,
  onSelect,
}: Props & { map: RegionMapData }) {
  const { t } = useTranslation();
  const format = useFormat();
  const isPhone = useMediaQuery('(max-width: 36em)');
  const indicatorName = t(`home.indicators.${indicator}`);
  const controls = (
    <Select
      label={t('home.map.indicator')}
      data-testid="map-indicator"
      value={indicator}
      allowDeselect={false}
      onChange={(value) => value && onIndicatorChange(value)}
      data={indicators.map((value) => ({ value, label: t(`home.indicators.${value}`) }))}
      maw={320}
      comboboxProps={{ withinPortal: true }}
    />
  );
  if (map.features.length === 0)
    return (
      <IndicatorBars
        areaName={areaName}
        childLevel={childLevel}
        indicator={indicator}
        regions={regions}
        onSelect={onSelect}
        controls={controls}
        note={
          <Alert color="blue" data-testid="map-no-boundaries">
            {t('home.map.noBoundaries')}
          </Alert>
        }
      />
    );

  const mapName = registerRegionMap(`${code}:${level}`, map);
  const selectFeature = (params: unknown) => {
    const name = (params as { name?: string }).name;
    if (name && map.features.some((feature) => feature.properties.code === name)) onSelect(name);
  };
  return (
    <ChartFigure
      testId="chart-region-map"
      title={t('home.map.title', { indicator: indicatorName })}
      description={t('home.map.description', {
        level: t(`levelsPlural.${level}`),
        area: areaName,
        indicator: indicatorName,
      })}
      option={buildMapOption(mapName, map, indicator, format, t('home.map.noData'))}
      height={isPhone ? 320 : 420}
      controls={controls}
      onEvents={{ click: selectFeature }}
      footer={
        map.features.some((feature) => feature.properties.isPriority) && (
          <Text size="xs" c="dimmed">
            {t('home.map.priorityLegend')}
          </Text>
        )
      }
    />
  );
}
