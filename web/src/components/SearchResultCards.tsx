import { Group, Paper, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { HouseholdSummary } from '../api/types';
import { maskIdentityNumber } from '../lib/format';
import { AnchorLink } from './AnchorLink';
import { DesilBadge } from './DesilBadge';
import { isHeadUnlisted, listedPersonsOf } from './SearchResultsTable';

/** Results as cards for phones: the whole card is one link to the household. */
export function SearchResultCards({ items }: { items: HouseholdSummary[] }) {
  const { t } = useTranslation();
  return (
    <Stack gap="xs">
      {items.map((item) => (
        <Paper key={item.id} withBorder p="sm" data-testid="search-result-row" data-household-id={item.id}>
          <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
            <Stack gap={2} style={{ minWidth: 0 }}>
              <AnchorLink to="/households/$householdId" params={{ householdId: String(item.id) }} fw={600}>
                {listedPersonsOf(item)}
              </AnchorLink>
              {isHeadUnlisted(item) && (
                <Text size="xs" c="dimmed">
                  {t('search.head', { name: item.headName })}
                </Text>
              )}
              <Text size="xs" ff="monospace">
                {item.matchedPersons
                  .map((person) => `${t('search.columns.nik')} ${maskIdentityNumber(person.nik)}`)
                  .join(' · ')}
              </Text>
              <Text size="xs" ff="monospace">
                {t('search.columns.kk')} {item.kkNumber}
              </Text>
              <Text size="xs" c="dimmed">
                {item.kelurahan.name} · {t('search.columns.members')}: {item.memberCount}
              </Text>
            </Stack>
            <DesilBadge desil={item.desil} size="sm" />
          </Group>
        </Paper>
      ))}
    </Stack>
  );
}
