import { Button, Flex, Paper, SegmentedControl, Stack, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { searchProblem, type SearchKind } from '../lib/search';
import { RegionPicker } from './RegionPicker';

interface Props {
  /** The search in the address; the form starts from it (it is re-mounted when the address changes). */
  by: SearchKind;
  term: string;
  areaCode: string;
  region: string;
  busy: boolean;
  onSearch: (by: SearchKind, term: string) => void;
  onRegionChange: (code: string) => void;
}

/** Search by name, NIK or KK number, with the region below the user's area to search in. */
export function SearchForm({
  by: initialBy,
  term: initialTerm,
  areaCode,
  region,
  busy,
  onSearch,
  onRegionChange,
}: Props) {
  const { t } = useTranslation();
  const [by, setBy] = useState<SearchKind>(initialBy);
  const [term, setTerm] = useState(initialTerm);
  // A search restored from the address (a bookmark, the way back from sign-in) says at once what it lacks.
  const [error, setError] = useState(() => {
    const problem = initialTerm ? searchProblem(initialBy, initialTerm, region) : null;
    return problem && t(problem);
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problem = searchProblem(by, term, region);
    setError(problem && t(problem));
    if (!problem) onSearch(by, term.trim());
  };

  return (
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
              { value: 'name' as const, label: t('search.byName') },
              { value: 'nik' as const, label: t('search.byNik') },
              { value: 'kk' as const, label: t('search.byKk') },
            ]}
            fullWidth
            maw={420}
          />
          <Flex
            direction={{ base: 'column', xs: 'row' }}
            align={{ base: 'stretch', xs: 'flex-start' }}
            gap="sm"
          >
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
            <Button type="submit" mt={{ base: 0, xs: 25 }} data-testid="search-submit" loading={busy}>
              {t('search.submit')}
            </Button>
          </Flex>
          <RegionPicker areaCode={areaCode} value={region} onChange={onRegionChange} />
        </Stack>
      </form>
    </Paper>
  );
}
