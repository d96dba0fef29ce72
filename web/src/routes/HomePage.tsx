import { Badge, Grid, Group, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { regionQuery } from '../api/regions';
import { useSessionUser } from '../api/session';
import type { RegionDetail } from '../api/types';
import { ChildRegionsChart } from '../components/ChildRegionsChart';
import { DesilDistributionChart } from '../components/DesilDistributionChart';
import { MonitoringPanels } from '../components/dashboard/MonitoringPanels';
import { ProgressPanels } from '../components/dashboard/ProgressPanels';
import { PovertySeriesChart } from '../components/PovertySeriesChart';
import { QueryState } from '../components/QueryState';
import { RegionBreadcrumb } from '../components/RegionBreadcrumb';
import { RegionMap } from '../components/RegionMap';
import { RegionStatCards } from '../components/RegionStatCards';
import { childLevelOf, type Indicator } from '../lib/indicators';

const route = getRouteApi('/signed-in/');

/** The home dashboard (Beranda) for the user's area, with drill-down to kecamatan and kelurahan. */
export function HomePage() {
  const user = useSessionUser();
  const search = route.useSearch();
  const code = search.region ?? user?.area.code ?? '31';
  const query = useQuery(regionQuery(code));
  return (
    <Stack gap="md" data-testid="page-home">
      <QueryState query={query} minHeight={240}>
        {(detail) => (
          <Dashboard detail={detail} areaCode={user?.area.code ?? code} indicator={search.indicator} />
        )}
      </QueryState>
    </Stack>
  );
}

function Dashboard({
  detail,
  areaCode,
  indicator = 'desil14Share',
}: {
  detail: RegionDetail;
  areaCode: string;
  indicator?: Indicator;
}) {
  const { t } = useTranslation();
  const navigate = route.useNavigate();
  const { region, ancestors, children } = detail;
  const { stats } = region;
  useDocumentTitle(`${region.name} · Tepat`);
  const childLevel = childLevelOf(region.level);
  const select = (code: string) => void navigate({ search: (previous) => ({ ...previous, region: code }) });
  const changeIndicator = (value: Indicator) =>
    void navigate({ search: (previous) => ({ ...previous, indicator: value }), replace: true });
  const mapLevel = region.level === 'province' || region.level === 'kota' ? 'kecamatan' : 'kelurahan';
  return (
    <>
      <Stack gap={4}>
        <RegionBreadcrumb ancestors={ancestors} region={region} areaCode={areaCode} onSelect={select} />
        <Group gap="xs">
          <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
            {t(`levels.${region.level}`)}
          </Text>
          {region.isPriority && (
            <Badge size="sm" variant="light" color="blue" data-testid="priority-badge">
              {t('home.priorityArea')}
            </Badge>
          )}
        </Group>
        <Title order={1} fz={{ base: 22, sm: 28 }} data-testid="dashboard-title">
          {region.name}
        </Title>
      </Stack>
      <RegionStatCards stats={stats} />
      <Grid gap="md">
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <PovertySeriesChart />
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <DesilDistributionChart stats={stats} areaName={region.name} />
        </Grid.Col>
        {childLevel && (
          <>
            <Grid.Col span={{ base: 12, lg: 7 }}>
              <RegionMap
                code={region.code}
                areaName={region.name}
                level={mapLevel}
                childLevel={childLevel}
                regions={children}
                indicator={indicator}
                onIndicatorChange={changeIndicator}
                onSelect={select}
              />
            </Grid.Col>
            <Grid.Col span={{ base: 12, lg: 5 }}>
              <ChildRegionsChart
                areaName={region.name}
                childLevel={childLevel}
                regions={children}
                onSelect={select}
              />
            </Grid.Col>
          </>
        )}
      </Grid>
      <ProgressPanels regionCode={region.code} />
      <MonitoringPanels regionCode={region.code} />
    </>
  );
}
