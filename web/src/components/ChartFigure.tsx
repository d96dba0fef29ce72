import { Paper, Stack, Text, Title } from '@mantine/core';
// The package's `main` is CommonJS; its ES module build interoperates cleanly with the bundler.
import ReactEChartsCore from 'echarts-for-react/esm/core';
import type { ReactNode } from 'react';
import { useId } from 'react';
import { echarts, type ChartOption } from './charts';

export interface ChartFigureProps {
  /** Stable handle for browser tests, e.g. `chart-poverty-series`. */
  testId: string;
  title: string;
  /** A sentence saying what the chart shows: read by screen readers in place of the drawing. */
  description: string;
  option: ChartOption;
  height?: number;
  /** Click handlers by ECharts event name (e.g. `click`). */
  onEvents?: Record<string, (params: unknown) => void>;
  /** Controls shown beside the title (e.g. an indicator select). */
  controls?: ReactNode;
  footer?: ReactNode;
}

/** A titled chart in a card: an accessible figure whose canvas is an image with a text description. */
export function ChartFigure({
  testId,
  title,
  description,
  option,
  height = 320,
  onEvents,
  controls,
  footer,
}: ChartFigureProps) {
  const titleId = useId();
  const descriptionId = useId();
  return (
    <Paper
      withBorder
      p={{ base: 'sm', sm: 'md' }}
      component="figure"
      m={0}
      aria-labelledby={titleId}
      data-testid={testId}
    >
      <Stack gap="xs">
        <Stack gap={4}>
          <Title order={2} size="h4" id={titleId}>
            {title}
          </Title>
          <Text size="sm" c="dimmed" id={descriptionId}>
            {description}
          </Text>
        </Stack>
        {controls}
        <div role="img" aria-labelledby={titleId} aria-describedby={descriptionId}>
          <ReactEChartsCore
            echarts={echarts}
            option={option}
            notMerge
            opts={{ renderer: 'svg' }}
            style={{ height, width: '100%' }}
            onEvents={onEvents}
          />
        </div>
        {footer}
      </Stack>
    </Paper>
  );
}
