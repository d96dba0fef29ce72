import { Table, Text } from '@mantine/core';
import { useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import type { HouseholdSummary } from '../api/types';
import { maskIdentityNumber, useFormat } from '../lib/format';
import { AnchorLink } from './AnchorLink';
import { DesilBadge } from './DesilBadge';

/** The people a result is listed for: those matching the search, else the head (a KK search matches no person). */
export function listedPersonsOf(item: HouseholdSummary) {
  if (item.matchedPersons.length > 0) return item.matchedPersons.map((person) => person.name).join(', ');
  return item.headName ?? item.kkNumber;
}

/** True when the head is not among the listed persons, so the head is named separately. */
export function isHeadUnlisted(item: HouseholdSummary) {
  return (
    item.headName !== null &&
    item.matchedPersons.length > 0 &&
    !item.matchedPersons.some((person) => person.name === item.headName)
  );
}

/** Results as a table; NIKs show only their last 4 digits in lists. */
export function SearchResultsTable({ items }: { items: HouseholdSummary[] }) {
  const { t } = useTranslation();
  return (
    <Table.ScrollContainer minWidth={720}>
      <Table highlightOnHover verticalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('search.columns.name')}</Table.Th>
            <Table.Th>{t('search.columns.nik')}</Table.Th>
            <Table.Th>{t('search.columns.kk')}</Table.Th>
            <Table.Th>{t('search.columns.kelurahan')}</Table.Th>
            <Table.Th>{t('search.columns.desil')}</Table.Th>
            <Table.Th ta="right">{t('search.columns.members')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((item) => (
            <ResultRow key={item.id} item={item} />
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function ResultRow({ item }: { item: HouseholdSummary }) {
  const { t } = useTranslation();
  const format = useFormat();
  const navigate = useNavigate();
  const householdId = String(item.id);
  const open = () => void navigate({ to: '/households/$householdId', params: { householdId } });
  return (
    <Table.Tr
      onClick={open}
      style={{ cursor: 'pointer' }}
      data-testid="search-result-row"
      data-household-id={item.id}
    >
      <Table.Td>
        <AnchorLink
          to="/households/$householdId"
          params={{ householdId }}
          fw={600}
          onClick={(event) => event.stopPropagation()}
        >
          {listedPersonsOf(item)}
        </AnchorLink>
        {isHeadUnlisted(item) && (
          <Text size="xs" c="dimmed">
            {t('search.head', { name: item.headName })}
          </Text>
        )}
      </Table.Td>
      <Table.Td ff="monospace" fz="sm">
        {item.matchedPersons.map((person) => (
          <div key={person.personId}>{maskIdentityNumber(person.nik)}</div>
        ))}
      </Table.Td>
      <Table.Td ff="monospace" fz="sm">
        {item.kkNumber}
      </Table.Td>
      <Table.Td>{item.kelurahan.name}</Table.Td>
      <Table.Td>
        <DesilBadge desil={item.desil} size="sm" />
      </Table.Td>
      <Table.Td ta="right">{format.number(item.memberCount)}</Table.Td>
    </Table.Tr>
  );
}
