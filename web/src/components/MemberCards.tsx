import { Badge, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { HouseholdMember } from '../api/types';
import { ageOn } from '../lib/format';
import { MemberProvenance } from './MemberProvenance';

/** The household roster as stacked cards, for phones. */
export function MemberCards({ members, referenceDay }: { members: HouseholdMember[]; referenceDay: Date }) {
  const { t } = useTranslation();
  const label = (group: string, value: string) => t(`enums.${group}.${value}`, { defaultValue: value });
  return (
    <Stack gap={0}>
      {members.map((member, index) => (
        <Stack
          key={member.personId}
          gap={2}
          py="xs"
          data-testid="member-row"
          style={index > 0 ? { borderTop: '1px solid var(--mantine-color-gray-3)' } : undefined}
        >
          <Group gap="xs" justify="space-between" wrap="nowrap">
            <Text fw={600}>{member.name}</Text>
            <Text size="sm" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
              {label('sex', member.sex)},{' '}
              {t('common.years', { count: ageOn(member.birthDate, referenceDay) })}
            </Text>
          </Group>
          <Text size="xs" ff="monospace">
            {t('household.members.nik')} {member.nik}
          </Text>
          <Text size="sm">
            {label('relationship', member.relationship)} · {label('education', member.education)} ·{' '}
            {label('occupation', member.occupation)}
          </Text>
          <Group gap={6}>
            {member.disability !== 'none' && (
              <Badge size="xs" variant="light" color="blue">
                {t('household.members.disability')}: {label('disability', member.disability)}
              </Badge>
            )}
            {member.chronicIllness && (
              <Badge size="xs" variant="light" color="grape">
                {t('household.members.chronicIllness')}
              </Badge>
            )}
          </Group>
          <MemberProvenance member={member} />
        </Stack>
      ))}
    </Stack>
  );
}
