import { Button, Flex, Paper, SegmentedControl, Stack, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { useDocumentTitle } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { householdSearchQuery } from '../api/households';
import { useSessionUser } from '../api/session';
import type { HouseholdSearchQuery } from '../api/types';
import { RegionPicker } from '../components/RegionPicker';
import { SearchResults } from '../components/SearchResults';

const searchKinds = ['name', 'nik', 'kk'] as const;
type SearchKind = (typeof searchKinds)[number];

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

/** Why a search cannot be sent yet (an i18n key), or null when it can. */
function searchProblem(by: SearchKind, term: string, region: string): string | null {
  if (by !== 'name') return /^\d{16}$/.test(term.trim()) ? null : 'search.mustBe16Digits';
  if (term.trim().length < 2) return 'search.minLength';
  // The API refuses name searches over a whole province: they would browse millions of names.
  return region.includes('.') ? null : 'search.pickRegion';
}

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
  const [by, setBy] = useState<SearchKind>(search.by);
  const [term, setTerm] = useState(search.q ?? '');
  // A search restored from the address (a bookmark, the way back from sign-in) says at once what it lacks.
  const [error, setError] = useState(() => {
    const problem = search.q ? searchProblem(search.by, search.q, region) : null;
    return problem && t(problem);
  });
  const apiQuery = apiQueryOf(search, region);
  const results = useQuery({ ...householdSearchQuery(apiQuery ?? {}), enabled: apiQuery !== undefined });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problem = searchProblem(by, term, region);
    setError(problem && t(problem));
    if (!problem) void navigate({ search: { by, q: term.trim(), region: search.region, page: 1 } });
  };

  return (
    <Stack gap="md" data-testid="page-search">
      <Title order={1} fz={{ base: 22, sm: 28 }}>
        {t('search.title')}
      </Title>
      <Paper withBorder p={{ base: 'sm', sm: 'md' }}>
        <form onSubmit={submit} role="search" noValidate>
          <Stack gap="sm">
            <SegmentedControl
              value={by}
              onChange={(value) => {
                setBy(value);
                setError(null);
              }}
              aria-label={t('search.by')}
              data-testid="search-by"
              data={[
                { value: 'name', label: t('search.byName') },
                { value: 'nik', label: t('search.byNik') },
                { value: 'kk', label: t('search.byKk') },
              ]}
              fullWidth
              maw={420}
            />
            <Flex direction={{ base: 'column', xs: 'row' }} align={{ base: 'stretch', xs: 'flex-start' }} gap="sm">
              <TextInput
                label={t('search.query')}
                placeholder={t(`search.${by}Placeholder`)}
                value={term}
                onChange={(event) => setTerm(event.currentTarget.value)}
                error={error}
                inputMode={by === 'name' ? 'text' : 'numeric'}
                data-testid="search-input"
                style={{ flex: '1 1 auto' }}
              />
              <Button type="submit" mt={{ base: 0, xs: 25 }} data-testid="search-submit" loading={results.isFetching}>
                {t('search.submit')}
              </Button>
            </Flex>
            <RegionPicker
              areaCode={areaCode}
              value={region}
              onChange={(code) =>
                void navigate({ search: (previous) => ({ ...previous, region: code === areaCode ? undefined : code, page: 1 }) })
              }
            />
          </Stack>
        </form>
      </Paper>
      <SearchResults
        query={results}
        active={apiQuery !== undefined}
        page={search.page}
        pageSize={pageSize}
        onPage={(page) => void navigate({ search: (previous) => ({ ...previous, page }) })}
      />
    </Stack>
  );
}
