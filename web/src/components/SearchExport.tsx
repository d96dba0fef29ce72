import { Button, Group, Paper, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HouseholdSearchQuery } from '../api/types';

/** The server's least purpose length for an export (registry.contracts.ts `SearchExportQuery`). */
const minPurpose = 10;

/** The link that downloads every household of the current search as a file (audited with the purpose). */
export function searchExportUrl(
  format: 'csv' | 'xlsx',
  query: HouseholdSearchQuery,
  purpose: string,
): string {
  const params = new URLSearchParams();
  for (const key of ['nik', 'kk', 'name', 'region'] as const) {
    const value = query[key];
    if (value) params.set(key, value);
  }
  params.set('purpose', purpose.trim());
  return `/api/v1/households/export.${format}?${params.toString()}`;
}

/** "Unduh daftar": the whole result list as XLSX or CSV, once the user has said why. */
export function SearchExport({ query }: { query: HouseholdSearchQuery }) {
  const { t } = useTranslation();
  const [purpose, setPurpose] = useState('');
  const ready = purpose.trim().length >= minPurpose;
  const link = (format: 'csv' | 'xlsx') => (
    <Button
      component="a"
      href={ready ? searchExportUrl(format, query, purpose) : undefined}
      download
      variant="light"
      size="xs"
      disabled={!ready}
      data-testid={`search-export-${format}`}
    >
      {t(`search.export.${format}`)}
    </Button>
  );
  return (
    <Paper withBorder p="sm" data-testid="search-export">
      <Stack gap={6}>
        <Text size="sm" fw={600}>
          {t('search.export.title')}
        </Text>
        <Group gap="sm" align="flex-end">
          <TextInput
            label={t('search.export.purpose')}
            description={t('search.export.purposeHint', { count: minPurpose })}
            value={purpose}
            onChange={(event) => setPurpose(event.currentTarget.value)}
            maxLength={500}
            w={360}
            data-testid="search-export-purpose"
          />
          {link('xlsx')}
          {link('csv')}
        </Group>
      </Stack>
    </Paper>
  );
}
