import { Anchor, Paper, Text, Timeline, Title } from '@mantine/core';
import type { UseQueryResult } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { HouseholdHistory, HouseholdVersion } from '../api/types';
import { useFormat } from '../lib/format';
import { QueryState } from './QueryState';

interface Props {
  query: UseQueryResult<HouseholdHistory>;
  /** Opens the household as it was at an instant (when a past version was valid). */
  onShowVersion: (instant: string) => void;
}

/** Versions of the household, newest first: when each was valid, who changed what, from which source, why. */
export function VersionHistory({ query, onShowVersion }: Props) {
  const { t } = useTranslation();
  return (
    <Paper withBorder p={{ base: 'sm', sm: 'md' }} data-testid="version-history">
      <Title order={2} size="h4" mb="sm">
        {t('household.history.title')}
      </Title>
      <QueryState query={query}>
        {({ versions, currentVersion }) =>
          versions.length === 0 ? (
            <Text c="dimmed">{t('household.history.empty')}</Text>
          ) : (
            <Timeline active={0} bulletSize={14} lineWidth={2}>
              {[...versions]
                .sort((a, b) => b.version - a.version)
                .map((version) => (
                  <Timeline.Item
                    key={version.version}
                    title={
                      version.version === currentVersion
                        ? `${t('household.version', { version: version.version })} · ${t('household.history.currentVersion')}`
                        : t('household.version', { version: version.version })
                    }
                  >
                    <VersionDetails version={version} onShowVersion={onShowVersion} />
                  </Timeline.Item>
                ))}
            </Timeline>
          )
        }
      </QueryState>
    </Paper>
  );
}

function VersionDetails({
  version,
  onShowVersion,
}: {
  version: HouseholdVersion;
  onShowVersion: Props['onShowVersion'];
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const source = t(`sources.${version.source}`, { defaultValue: version.source });
  const changed = version.changedFields.map((field) => fieldLabel(field, t));
  return (
    <>
      <Text size="xs" c="dimmed">
        {version.validTo
          ? t('household.history.validFrom', {
              from: format.dateTime(version.validFrom),
              to: format.dateTime(version.validTo),
            })
          : t('household.history.validFromOpen', { from: format.dateTime(version.validFrom) })}
      </Text>
      <Text size="xs">
        {t('household.history.source', { source })}
        {version.changedBy?.name && ` · ${t('household.history.by', { name: version.changedBy.name })}`}
      </Text>
      {changed.length > 0 && (
        <Text size="xs">{t('household.history.changed', { fields: changed.join(', ') })}</Text>
      )}
      {version.reason && <Text size="xs">{t('household.history.reason', { reason: version.reason })}</Text>}
      {version.validTo && (
        <Anchor component="button" type="button" size="xs" onClick={() => onShowVersion(version.validFrom)}>
          {t('household.history.show')}
        </Anchor>
      )}
    </>
  );
}

/** `floorMaterial` → "Jenis lantai"; `members.12.education` → "Anggota: Pendidikan"; `members.12` → "Anggota". */
function fieldLabel(field: string, t: ReturnType<typeof useTranslation>['t']): string {
  const [head, , memberField] = field.split('.');
  if (head !== 'members') return t(`fields.${field}`, { defaultValue: field });
  const member = t('household.history.member');
  return memberField
    ? `${member}: ${t(`personFields.${memberField}`, { defaultValue: memberField })}`
    : member;
}
