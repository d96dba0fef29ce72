import { Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { HouseholdMember } from '../api/types';
import { useFormat } from '../lib/format';
import { displayValue } from '../lib/values';

/**
 * The member's values someone changed after the record was loaded (a desk correction, an approved field visit):
 * each with its source, who and when. Values never changed carry the record's own source and are not listed.
 */
export function MemberProvenance({ member }: { member: HouseholdMember }) {
  const { t } = useTranslation();
  const format = useFormat();
  const changed = Object.entries(member.provenance)
    .filter(([, entry]) => entry.actorId !== null)
    .sort(([, a], [, b]) => b.at.localeCompare(a.at));
  if (changed.length === 0) return null;
  return (
    <Stack gap={0} mt={2}>
      {changed.map(([field, entry]) => (
        <Text
          key={field}
          size="xs"
          c="dimmed"
          fw={400}
          data-testid={`member-provenance-${field}`}
          data-source={entry.source}
        >
          {t('household.members.changed', {
            field: t(`personFields.${field}`, { defaultValue: field }),
            value: displayValue(field, member[field as keyof HouseholdMember], t, format),
            source: t(`sources.${entry.source}`, { defaultValue: entry.source }),
            name: entry.actorName ?? t('common.none'),
            date: format.dateTime(entry.at),
          })}
        </Text>
      ))}
    </Stack>
  );
}
