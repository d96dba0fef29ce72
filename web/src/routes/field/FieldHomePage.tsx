import { Alert, Badge, Button, Card, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { getRouteApi, Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { maskIdentityNumber, useFormat } from '../../lib/format';
import type { FieldHousehold, QueuedVisit, QueueState } from '../../field/db';
import { useOnline } from '../../field/pwa';
import { useClearSent, useDownload, useHouseholds, useQueue, useSync } from '../../field/queries';

const route = getRouteApi('/lapangan');

const stateColors: Record<QueueState, string> = {
  queued: 'yellow',
  accepted: 'teal',
  duplicate: 'blue',
  rejected: 'red',
};

/** The field app's start: the offline copy, the queue of visits and the assigned households. */
export function FieldHomePage() {
  const { t } = useTranslation();
  const format = useFormat();
  const { fieldUser } = route.useRouteContext();
  const online = useOnline();
  const households = useHouseholds(fieldUser.id);
  const queue = useQueue(fieldUser.id);
  const download = useDownload(fieldUser.id);
  const sync = useSync(fieldUser.id, {
    offline: t('field.sync.offline'),
    sessionEnded: t('field.sync.sessionEnded'),
  });
  const clearSent = useClearSent(fieldUser.id);
  const visits = queue.data ?? [];
  const queued = visits.filter((v) => v.state === 'queued');
  const sent = visits.filter((v) => v.state === 'accepted' || v.state === 'duplicate');
  const list = households.data?.households ?? [];

  return (
    <Stack gap="sm" data-testid="page-field">
      <Paper withBorder p="sm">
        <Group justify="space-between" gap="xs">
          <div>
            <Title order={2} size="h5">
              {t('field.households.title')}
            </Title>
            <Text size="xs" c="dimmed" data-testid="field-downloaded-at">
              {households.data?.downloadedAt
                ? t('field.households.downloadedAt', {
                    count: list.length,
                    date: format.dateTime(households.data.downloadedAt),
                  })
                : t('field.households.never')}
            </Text>
          </div>
          <Button
            size="sm"
            disabled={!online}
            loading={download.isPending}
            data-testid="field-download"
            onClick={() =>
              download.mutate(undefined, {
                onSuccess: (count) =>
                  notifications.show({ color: 'teal', message: t('field.households.downloaded', { count }) }),
                onError: (error) => notifications.show({ color: 'red', message: error.message }),
              })
            }
          >
            {t('field.households.download')}
          </Button>
        </Group>
      </Paper>

      <Paper withBorder p="sm" data-testid="field-queue">
        <Group justify="space-between" gap="xs">
          <div>
            <Title order={2} size="h5">
              {t('field.queue.title')}
            </Title>
            <Text size="sm" data-testid="field-queue-count" data-count={queued.length}>
              {t('field.queue.count', { count: queued.length })}
            </Text>
          </div>
          <Button
            size="sm"
            variant="light"
            disabled={!online || queued.length === 0}
            loading={sync.isPending}
            data-testid="field-sync"
            onClick={() => sync.mutate()}
          >
            {t('field.queue.sync')}
          </Button>
        </Group>
        {!online && (
          <Text size="xs" c="dimmed" mt={4}>
            {t('field.queue.offlineHint')}
          </Text>
        )}
        {visits.length > 0 && (
          <Stack gap={6} mt="sm">
            {visits.map((visit) => (
              <QueueItem key={visit.clientId} visit={visit} households={list} />
            ))}
            {sent.length > 0 && (
              <Button size="compact-xs" variant="subtle" w="fit-content" onClick={() => clearSent.mutate()}>
                {t('field.queue.clearSent')}
              </Button>
            )}
          </Stack>
        )}
      </Paper>

      {households.data && list.length === 0 && <Alert color="gray">{t('field.households.none')}</Alert>}
      {list.map((household) => (
        <HouseholdCard
          key={household.id}
          household={household}
          pending={queued.some((v) => v.householdId === household.id)}
        />
      ))}
    </Stack>
  );
}

function headOf(household: FieldHousehold) {
  return household.members.find((m) => m.relationship === 'head') ?? household.members[0];
}

function HouseholdCard({ household, pending }: { household: FieldHousehold; pending: boolean }) {
  const { t } = useTranslation();
  return (
    <Card
      withBorder
      padding="sm"
      component={Link}
      to={`/lapangan/rumah/${household.id}`}
      data-testid="field-household"
      data-household-id={household.id}
    >
      <Group justify="space-between" wrap="nowrap" gap="xs">
        <Text fw={600}>{headOf(household)?.name ?? t('field.households.noHead')}</Text>
        {pending && (
          <Badge size="sm" color="yellow">
            {t('field.households.visitQueued')}
          </Badge>
        )}
      </Group>
      <Text size="sm">{household.address}</Text>
      <Text size="xs" c="dimmed">
        {t('household.rtRw', { rt: household.rt, rw: household.rw })} ·{' '}
        {t('household.kk', { kk: maskIdentityNumber(household.kkNumber) })} ·{' '}
        {t('field.households.members', { count: household.members.length })}
      </Text>
    </Card>
  );
}

function QueueItem({ visit, households }: { visit: QueuedVisit; households: FieldHousehold[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  const household = households.find((h) => h.id === visit.householdId);
  return (
    <Paper
      withBorder
      p={6}
      data-testid="field-queue-item"
      data-client-id={visit.clientId}
      data-state={visit.state}
      data-submission-id={visit.submissionId ?? undefined}
    >
      <Group justify="space-between" wrap="nowrap" gap="xs">
        <Text size="sm" lineClamp={1}>
          {household ? (headOf(household)?.name ?? household.address) : `#${visit.householdId}`} ·{' '}
          {format.dateTime(visit.createdAt)}
        </Text>
        <Badge size="sm" color={stateColors[visit.state]}>
          {t(`field.queue.states.${visit.state}`)}
        </Badge>
      </Group>
      {visit.conflicts.length > 0 && (
        <Text size="xs" c="orange.8">
          {t('field.queue.conflicts', { count: visit.conflicts.length })}
        </Text>
      )}
      {visit.error && (
        <Text size="xs" c={visit.state === 'rejected' ? 'red.8' : 'dimmed'} data-testid="field-queue-error">
          {visit.error}
        </Text>
      )}
    </Paper>
  );
}
