import type { RegionMap } from '../api/types';
import type { useFormat } from '../lib/format';
import { indicatorValue, isShare, type Indicator } from '../lib/indicators';
import { echarts, type ChartOption } from './charts';

/**
 * Kepulauan Seribu lies 20–150 km offshore; drawn to scale it would shrink mainland Jakarta to a corner, so the
 * province map leaves it out (its figures stay in the bar chart beside the map).
 */
const offshoreRegionPrefixes = ['31.01'];

const registered = new Set<string>();

/** Registers the GeoJSON with ECharts once per region and level; returns the map's name. */
export function registerRegionMap(key: string, map: RegionMap): string {
  const name = `tepat:${key}`;
  if (registered.has(name)) return name;
  const inland = map.features.filter(
    (feature) => !offshoreRegionPrefixes.some((prefix) => feature.properties.code.startsWith(`${prefix}.`)),
  );
  const features = inland.length > 0 ? inland : map.features;
  // ECharts reads the GeoJSON as is; the API's geometry is typed loosely, so it is passed through untyped.
  echarts.registerMap(name, { type: 'FeatureCollection', features } as never);
  registered.add(name);
  return name;
}

/** The choropleth: features matched by code, coloured by the indicator, priority areas outlined. */
export function buildMapOption(
  mapName: string,
  map: RegionMap,
  indicator: Indicator,
  format: ReturnType<typeof useFormat>,
  noData: string,
): ChartOption {
  const share = isShare(indicator);
  const data = map.features.map(({ properties }) => {
    const value = indicatorValue(properties, indicator);
    return {
      name: properties.code,
      regionName: properties.name,
      value: value == null ? null : share ? value * 100 : value,
      itemStyle: properties.isPriority ? { borderColor: '#1864ab', borderWidth: 2.5 } : undefined,
    };
  });
  const values = data.map((item) => item.value).filter((value): value is number => value != null);
  const show = (value: number) => (share ? `${format.number(value, 1)} %` : format.number(value));
  const min = values.length > 0 ? Math.min(...values) : 0;
  const max = values.length > 0 ? Math.max(...values, min + 1) : 1;
  return {
    animation: false,
    tooltip: {
      trigger: 'item',
      formatter: (params: { data?: { regionName: string; value: number | null } }) =>
        params.data
          ? `${params.data.regionName}: ${params.data.value == null ? noData : show(params.data.value)}`
          : '',
    },
    visualMap: {
      type: 'continuous',
      min,
      max,
      text: [show(max), show(min)],
      left: 0,
      bottom: 0,
      itemHeight: 100,
      calculable: false,
      inRange: { color: ['#fff5e6', '#ffc078', '#f76707', '#c92a2a', '#7a1010'] },
      textStyle: { fontSize: 10 },
    },
    series: [
      {
        type: 'map',
        map: mapName,
        nameProperty: 'code',
        roam: true,
        scaleLimit: { min: 1, max: 8 },
        layoutCenter: ['50%', '50%'],
        layoutSize: '95%',
        itemStyle: { borderColor: '#fff', borderWidth: 0.6, areaColor: '#e9ecef' },
        emphasis: { label: { show: true, fontSize: 11 }, itemStyle: { areaColor: '#74c0fc' } },
        select: { disabled: true },
        label: { show: false, formatter: (p: { data?: { regionName: string } }) => p.data?.regionName ?? '' },
        data,
      },
    ],
  };
}
