import { Paper, Stack, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import type { UseQueryResult } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { HouseholdSearchResult } from '../api/types';
import { QueryState } from './QueryState';
import { SearchResultCards } from './SearchResultCards';
import { SearchResultsTable } from './SearchResultsTable';
import { ListPagination } from './ListPagination';

interface Props {
  query: UseQueryResult<HouseholdSearchResult>;
  /** False until a valid search has been submitted. */
  active: boolean;
  page: number;
  pageSize: number;
  onPage: (page: number) => void;
}

/** Paginated search results: a table on wide screens, cards on phones; a row or card opens the household. */
export function SearchResults({ query, active, page, pageSize, onPage }: Props) {
  const { t } = useTranslation();
  const isPhone = useMediaQuery('(max-width: 48em)');
  if (!active) return <Text c="dimmed">{t('search.hint')}</Text>;
  return (
    <QueryState query={query}>
      {(result) => (
        <Stack gap="sm" data-testid="search-results">
          <Text size="sm" c="dimmed" aria-live="polite" data-testid="search-total">
            {t('search.results', { count: result.total, total: result.total })}
          </Text>
          {result.items.length === 0 ? (
            <Text>{t('search.noResults')}</Text>
          ) : isPhone ? (
            <SearchResultCards items={result.items} />
          ) : (
            <Paper withBorder>
              <SearchResultsTable items={result.items} />
            </Paper>
          )}
          <ListPagination total={result.total} pageSize={pageSize} page={page} onPage={onPage} />
        </Stack>
      )}
    </QueryState>
  );
}
