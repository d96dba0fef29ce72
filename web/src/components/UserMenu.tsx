import { Avatar, Button, Group, Menu, Stack, Text, UnstyledButton } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useLogout } from '../api/session';
import type { SessionUser } from '../api/types';

function initialsOf(name: string) {
  return name
    .split(/\s+/)
    .slice(0, 2)
    .map((word) => word[0]?.toUpperCase() ?? '')
    .join('');
}

/** The signed-in user: name, role and area, with sign-out. On phones only the avatar shows in the header. */
export function UserMenu({ user }: { user: SessionUser }) {
  const { t } = useTranslation();
  const logout = useLogout();
  const { area } = user;
  const areaLabel = area.level
    ? `${t(`levels.${area.level}`, { defaultValue: '' })} ${area.name}`.trim()
    : area.name;
  const role = t(`roles.${user.role}`);
  const signOut = () => logout.mutate();

  return (
    <Menu position="bottom-end" width={260} withinPortal>
      <Menu.Target>
        <UnstyledButton aria-label={t('header.account')} data-testid="user-menu">
          <Group gap="xs" wrap="nowrap">
            <Avatar color="teal" radius="xl" size="sm">
              {initialsOf(user.displayName)}
            </Avatar>
            <Stack gap={0} visibleFrom="md">
              <Text size="sm" fw={600} lh={1.2} data-testid="user-name">
                {user.displayName}
              </Text>
              <Text size="xs" c="dimmed" lh={1.2}>
                {role}
                {` · ${area.name}`}
              </Text>
            </Stack>
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Stack gap={2} p="xs">
          <Text fw={600}>{user.displayName}</Text>
          <Text size="sm">{role}</Text>
          {user.organisation && <Text size="sm">{user.organisation}</Text>}
          <Text size="sm" c="dimmed" data-testid="user-area">
            {t('header.area')}: {areaLabel}
          </Text>
        </Stack>
        <Menu.Divider />
        <Button
          variant="subtle"
          color="red"
          fullWidth
          justify="flex-start"
          onClick={signOut}
          loading={logout.isPending}
          data-testid="logout"
        >
          {t('header.logout')}
        </Button>
      </Menu.Dropdown>
    </Menu>
  );
}
