import { HeatmapChart } from 'echarts/charts';
import { useTranslation } from 'react-i18next';
import type { CoverageCell } from '../../api/targeting';
import { useFormat } from '../../lib/format';
import { ChartFigure } from '../ChartFigure';
import { echarts } from '../charts';

// Only this page draws a heatmap: registered here so the dashboard's bundle does not carry it.
echarts.use([HeatmapChart]);

const desils = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
const pillars = [1, 2, 3, 4];

/** Share of households reached, desil 1–10 (columns) × pillar 1–4 (rows), for the whole area. */
export function CoverageHeatmap({ cells }: { cells: CoverageCell[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  const byKey = new Map(cells.map((cell) => [`${cell.desil}:${cell.pillar}`, cell]));
  const data = desils.flatMap((desil, x) =>
    pillars.map((pillar, y) => {
      const cell = byKey.get(`${desil}:${pillar}`);
      const share = cell?.share ?? null;
      return { value: [x, y, share === null ? '-' : Math.round(share * 1000) / 10], cell };
    }),
  );
  const option = {
    animation: false,
    grid: { left: 72, right: 88, top: 16, bottom: 48 },
    tooltip: {
      formatter: (params: { data: { cell?: CoverageCell } }) => {
        const cell = params.data.cell;
        if (!cell) return t('common.none');
        return t('targeting.coverage.tooltip', {
          desil: cell.desil,
          pillar: cell.pillar,
          covered: format.number(cell.covered),
          households: format.number(cell.households),
          share: cell.share === null ? t('common.none') : format.percent(cell.share),
        });
      },
    },
    xAxis: {
      type: 'category',
      name: t('home.desil.axis'),
      nameLocation: 'middle',
      nameGap: 28,
      data: desils.map(String),
      splitArea: { show: true },
    },
    yAxis: {
      type: 'category',
      data: pillars.map((pillar) => t('targeting.coverage.pillar', { pillar })),
      splitArea: { show: true },
    },
    visualMap: {
      min: 0,
      max: 100,
      calculable: true,
      orient: 'vertical',
      right: 0,
      top: 'middle',
      itemHeight: 160,
      formatter: (value: number) => `${format.number(value)} %`,
      inRange: { color: ['#f8f9fa', '#c3fae8', '#38d9a9', '#0ca678', '#087f5b'] },
    },
    series: [
      {
        type: 'heatmap',
        name: t('targeting.coverage.share'),
        data,
        label: {
          show: true,
          fontSize: 10,
          formatter: (params: { value: [number, number, number | string] }) =>
            typeof params.value[2] === 'number' ? format.number(params.value[2]) : '',
        },
      },
    ],
  };
  return (
    <ChartFigure
      testId="coverage-heatmap"
      title={t('targeting.coverage.title')}
      description={t('targeting.coverage.description')}
      option={option}
      height={300}
    />
  );
}
