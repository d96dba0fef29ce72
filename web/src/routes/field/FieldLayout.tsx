import { AppShell, Badge, Button, Container, Group, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { getRouteApi, Outlet } from '@tanstack/react-router';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useLogout } from '../../api/session';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import { useFieldApp, useOnline } from '../../field/pwa';
import { useSync } from '../../field/queries';
import { forgetFieldUser } from '../../field/session';
import { forgetDownloads } from '../../field/db';

const route = getRouteApi('/lapangan');

/** Sends the queue whenever the network comes back (and when the app opens online). */
export function useAutoSync(userId: number) {
  const { t } = useTranslation();
  const online = useOnline();
  const sync = useSync(userId, {
    offline: t('field.sync.offline'),
    sessionEnded: t('field.sync.sessionEnded'),
  });
  const { mutate } = sync;
  useEffect(() => {
    if (!online) return;
    mutate(undefined, {
      onSuccess: (summary) => {
        if (summary.sent > 0)
          notifications.show({ color: 'teal', message: t('field.sync.done', { ...summary }) });
      },
    });
  }, [online, mutate, t]);
  return sync;
}

/** The frame of the field app (Aplikasi lapangan): a phone-first page with the network state and the officer. */
export function FieldLayout() {
  const { t } = useTranslation();
  const { fieldUser } = route.useRouteContext();
  const online = useOnline();
  const logout = useLogout();
  useFieldApp();
  useAutoSync(fieldUser.id);
  return (
    <AppShell header={{ height: 56 }} padding="sm">
      <AppShell.Header>
        <Group h="100%" px="sm" justify="space-between" wrap="nowrap">
          <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
            <img src="/favicon.svg" alt="" width={26} height={26} />
            <Text fw={700} truncate>
              {t('field.title')}
            </Text>
            <Badge
              color={online ? 'teal' : 'gray'}
              variant={online ? 'light' : 'filled'}
              data-testid="field-network"
              data-online={online}
              style={{ flexShrink: 0, overflow: 'visible' }}
            >
              {online ? t('field.online') : t('field.offline')}
            </Badge>
          </Group>
          <Group gap={6} wrap="nowrap">
            <LanguageSwitch />
            <Button
              size="compact-sm"
              variant="subtle"
              disabled={!online}
              onClick={() => {
                forgetFieldUser();
                // Downloaded households are personal data: they do not stay on the phone after sign-out.
                void forgetDownloads(fieldUser.id).finally(() => logout.mutate());
              }}
              data-testid="field-logout"
            >
              {t('header.logout')}
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Main bg="gray.0">
        <Container size="sm" px={0}>
          <Text size="xs" c="dimmed" mb="xs" data-testid="field-user">
            {fieldUser.displayName}
          </Text>
          <Outlet />
        </Container>
      </AppShell.Main>
    </AppShell>
  );
}
