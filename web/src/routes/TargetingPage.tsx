import { Paper, Stack, Tabs, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { getRouteApi } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { useSessionUser } from '../api/session';
import { RegionPicker } from '../components/RegionPicker';
import { CoverageTab } from '../components/targeting/CoverageTab';
import { ExtremePoorTab } from '../components/targeting/ExtremePoorTab';
import { FindingsTab } from '../components/targeting/FindingsTab';
import { SummaryTab } from '../components/targeting/SummaryTab';
import { targetingTabs, type TargetingTab } from './targetingSearch';

const route = getRouteApi('/signed-in/targeting');

/** Tabs with named households: partners see no personal data (access.scope.ts), so they get the aggregates only. */
const namedTabs: readonly TargetingTab[] = ['findings', 'extreme'];

/** Sasaran: how well each program reaches its target group in an area, the errors by name, and the gaps. */
export function TargetingPage() {
  const { t } = useTranslation();
  useDocumentTitle(`${t('targeting.title')} · Tepat`);
  const user = useSessionUser();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const areaCode = user?.area.code ?? '31';
  const region = search.region ?? areaCode;
  const tabs = targetingTabs.filter((tab) => user?.role !== 'partner' || !namedTabs.includes(tab));
  const tab = tabs.find((candidate) => candidate === search.tab) ?? 'summary';
  const page = search.page ?? 1;
  const setPage = (next: number) => void navigate({ search: (previous) => ({ ...previous, page: next }) });

  return (
    <Stack gap="md" data-testid="page-targeting">
      <Stack gap={4}>
        <Title order={1} fz={{ base: 22, sm: 28 }}>
          {t('targeting.title')}
        </Title>
        <Text c="dimmed">{t('targeting.intro')}</Text>
      </Stack>
      <Paper withBorder p="sm" data-testid="region-select">
        <RegionPicker
          areaCode={areaCode}
          value={region}
          onChange={(next) =>
            void navigate({
              search: (previous) => ({
                ...previous,
                region: next === areaCode ? undefined : next,
                page: undefined,
              }),
            })
          }
        />
      </Paper>
      <Tabs
        value={tab}
        onChange={(next) =>
          void navigate({
            search: (previous) => ({ ...previous, tab: next as TargetingTab, page: undefined }),
          })
        }
        keepMounted={false}
      >
        <Tabs.List>
          {tabs.map((name) => (
            <Tabs.Tab key={name} value={name} data-testid={`targeting-tab-${name}`}>
              {t(`targeting.tabs.${name}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        <Tabs.Panel value="summary" pt="md">
          <SummaryTab
            region={region}
            canRecompute={user?.role === 'secretariat' || user?.role === 'kota_tkpk'}
          />
        </Tabs.Panel>
        <Tabs.Panel value="coverage" pt="md">
          <CoverageTab region={region} />
        </Tabs.Panel>
        {tabs.includes('findings') && (
          <Tabs.Panel value="findings" pt="md">
            <FindingsTab
              region={region}
              kind={search.kind ?? 'exclusion'}
              program={search.program}
              page={page}
              onFilter={(filter) =>
                void navigate({ search: (previous) => ({ ...previous, ...filter, page: undefined }) })
              }
              onPage={setPage}
            />
          </Tabs.Panel>
        )}
        {tabs.includes('extreme') && (
          <Tabs.Panel value="extreme" pt="md">
            <ExtremePoorTab region={region} page={page} onPage={setPage} />
          </Tabs.Panel>
        )}
      </Tabs>
    </Stack>
  );
}
