import { Stack, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { householdSearchQuery } from '../api/households';
import { useSessionUser } from '../api/session';
import type { HouseholdSearchQuery } from '../api/types';
import { SearchExport } from '../components/SearchExport';
import { SearchForm } from '../components/SearchForm';
import { SearchResults } from '../components/SearchResults';
import { searchKinds, searchProblem, type SearchKind } from '../lib/search';

export interface SearchSearch {
  by: SearchKind;
  q?: string;
  region?: string;
  page: number;
}

/** Search params of /search, so a search can be bookmarked, shared and restored with the back button. */
export function validateSearchSearch(search: Record<string, unknown>): SearchSearch {
  const page = Number(search.page);
  return {
    by: searchKinds.find((kind) => kind === search.by) ?? 'name',
    q: typeof search.q === 'string' && search.q.trim() ? search.q.trim() : undefined,
    region: typeof search.region === 'string' && /^[\d.]+$/.test(search.region) ? search.region : undefined,
    page: Number.isInteger(page) && page > 0 ? page : 1,
  };
}

const pageSize = 20;
const route = getRouteApi('/signed-in/search');

/** The API query for the current search params; undefined while there is nothing valid to search for. */
function apiQueryOf(search: SearchSearch, region: string): HouseholdSearchQuery | undefined {
  if (!search.q || searchProblem(search.by, search.q, region)) return undefined;
  return { [search.by]: search.q, region, page: search.page, pageSize };
}

/** Registry search (Cari): by name, NIK or KK number within a region of the user's area. */
export function SearchPage() {
  const { t } = useTranslation();
  useDocumentTitle(`${t('search.title')} · Tepat`);
  const user = useSessionUser();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const areaCode = user?.area.code ?? '31';
  const region = search.region ?? areaCode;
  const apiQuery = apiQueryOf(search, region);
  const results = useQuery({ ...householdSearchQuery(apiQuery ?? {}), enabled: apiQuery !== undefined });

  return (
    <Stack gap="md" data-testid="page-search">
      <Title order={1} fz={{ base: 22, sm: 28 }}>
        {t('search.title')}
      </Title>
      <SearchForm
        key={`${search.by}:${search.q ?? ''}`}
        by={search.by}
        term={search.q ?? ''}
        areaCode={areaCode}
        region={region}
        busy={results.isFetching}
        onSearch={(by, q) => void navigate({ search: { by, q, region: search.region, page: 1 } })}
        onRegionChange={(code) =>
          void navigate({
            search: (previous) => ({ ...previous, region: code === areaCode ? undefined : code, page: 1 }),
          })
        }
      />
      <SearchResults
        query={results}
        active={apiQuery !== undefined}
        page={search.page}
        pageSize={pageSize}
        onPage={(page) => void navigate({ search: (previous) => ({ ...previous, page }) })}
      />
      {apiQuery !== undefined && (results.data?.total ?? 0) > 0 && <SearchExport query={apiQuery} />}
    </Stack>
  );
}
