import { Badge, Paper, Table, Text, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import type { HouseholdMember } from '../api/types';
import { ageOn } from '../lib/format';
import { MemberCards } from './MemberCards';
import { MemberProvenance } from './MemberProvenance';

/** The household roster in family-card order. Full NIKs show here: the profile is a deliberate, audited read. */
export function MembersTable({ members, on }: { members: HouseholdMember[]; on?: string }) {
  const { t } = useTranslation();
  const isPhone = useMediaQuery('(max-width: 48em)');
  const referenceDay = on ? new Date(`${on}T00:00:00`) : new Date();
  const label = (group: string, value: string) => t(`enums.${group}.${value}`, { defaultValue: value });
  if (isPhone && members.length > 0)
    return (
      <Paper withBorder p="sm" data-testid="household-members">
        <Title order={2} size="h4" mb="sm">
          {t('household.members.title')}
        </Title>
        <MemberCards members={members} referenceDay={referenceDay} />
      </Paper>
    );
  return (
    <Paper withBorder p={{ base: 'sm', sm: 'md' }} data-testid="household-members">
      <Title order={2} size="h4" mb="sm">
        {t('household.members.title')}
      </Title>
      {members.length === 0 ? (
        <Text c="dimmed">{t('household.members.none')}</Text>
      ) : (
        <Table.ScrollContainer minWidth={860}>
          <Table verticalSpacing="xs" striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('household.members.name')}</Table.Th>
                <Table.Th>{t('household.members.nik')}</Table.Th>
                <Table.Th>{t('household.members.relationship')}</Table.Th>
                <Table.Th>{t('household.members.sex')}</Table.Th>
                <Table.Th ta="right">{t('household.members.age')}</Table.Th>
                <Table.Th>{t('household.members.education')}</Table.Th>
                <Table.Th>{t('household.members.occupation')}</Table.Th>
                <Table.Th>{t('household.members.disability')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {members.map((member) => (
                <Table.Tr key={member.personId} data-testid="member-row">
                  <Table.Td fw={member.relationship === 'head' ? 600 : undefined}>
                    {member.name}
                    {member.chronicIllness && (
                      <Badge ml={6} size="xs" color="grape" variant="light">
                        {t('household.members.chronicIllness')}
                      </Badge>
                    )}
                    <MemberProvenance member={member} />
                  </Table.Td>
                  <Table.Td ff="monospace" fz="sm">
                    {member.nik}
                  </Table.Td>
                  <Table.Td>{label('relationship', member.relationship)}</Table.Td>
                  <Table.Td>{label('sex', member.sex)}</Table.Td>
                  <Table.Td ta="right">
                    {t('common.years', { count: ageOn(member.birthDate, referenceDay) })}
                  </Table.Td>
                  <Table.Td>{label('education', member.education)}</Table.Td>
                  <Table.Td>{label('occupation', member.occupation)}</Table.Td>
                  <Table.Td>
                    {member.disability === 'none' ? '—' : label('disability', member.disability)}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Paper>
  );
}
