import { Badge, Button, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import type { HouseholdProfile } from '../api/types';
import { useFormat } from '../lib/format';
import { DesilBadge } from './DesilBadge';

interface Props {
  household: HouseholdProfile;
  asOf?: string;
  onAsOfChange: (date: string | undefined) => void;
}

/** The local calendar day of a date or an instant (the date input shows days). */
function localDayOf(asOf: string): string {
  if (asOf.length === 10) return asOf;
  const instant = new Date(asOf);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${instant.getFullYear()}-${pad(instant.getMonth() + 1)}-${pad(instant.getDate())}`;
}

/** KK number, address and area, the household's ranking, and the point-in-time date picker. */
export function HouseholdHeader({ household, asOf, onAsOfChange }: Props) {
  const { t } = useTranslation();
  const format = useFormat();
  useDocumentTitle(`${t('household.kk', { kk: household.kkNumber })} · Tepat`);
  const today = new Date().toISOString().slice(0, 10);
  const welfare = household.welfare.current;
  return (
    <Paper withBorder p={{ base: 'sm', sm: 'md' }}>
      <Group justify="space-between" align="flex-start" gap="md">
        <Stack gap={4} style={{ flex: '1 1 280px' }}>
          <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
            {t('household.title')}
          </Text>
          <Title order={1} fz={{ base: 20, sm: 26 }} ff="monospace" data-testid="household-kk">
            {t('household.kk', { kk: household.kkNumber })}
          </Title>
          <Text data-testid="household-address">{household.address}</Text>
          <Text size="sm" c="dimmed">
            {[
              t('household.rtRw', { rt: household.rt, rw: household.rw }),
              `${t('household.kelurahan')} ${household.region.kelurahan.name}`,
              household.region.kecamatan && `${t('household.kecamatan')} ${household.region.kecamatan.name}`,
              household.region.kota?.name,
            ]
              .filter(Boolean)
              .join(' · ')}
          </Text>
          <Group gap="xs" mt={4}>
            <DesilBadge desil={welfare?.desil} size="lg" />
            {welfare?.isExtremePoor ? (
              <Badge color="red" variant="filled" size="lg" data-testid="extreme-poor-flag">
                {t('household.extremePoor')}
              </Badge>
            ) : welfare ? (
              <Badge color="gray" variant="light" size="lg">
                {t('household.notExtremePoor')}
              </Badge>
            ) : null}
          </Group>
          <Text size="xs" c="dimmed">
            {welfare && `${t('household.snapshot', { date: format.date(welfare.snapshotDate) })} · `}
            {t('household.version', { version: household.version })}, {format.dateTime(household.validFrom)}
          </Text>
        </Stack>
        <Stack gap={4} w={{ base: '100%', xs: 220 }}>
          <TextInput
            type="date"
            label={t('household.asOf')}
            description={t('household.asOfHint')}
            value={asOf ? localDayOf(asOf) : ''}
            max={today}
            onChange={(event) => onAsOfChange(event.currentTarget.value || undefined)}
            data-testid="as-of-input"
          />
          {asOf && (
            <Button size="xs" variant="light" onClick={() => onAsOfChange(undefined)}>
              {t('household.current')}
            </Button>
          )}
        </Stack>
      </Group>
    </Paper>
  );
}
