import { Button, Center, Stack, Text } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';

/** Shown for an unknown address. */
export function NotFound() {
  const { t } = useTranslation();
  return (
    <Center mih="50vh">
      <Stack align="center">
        <Text>{t('common.pageNotFound')}</Text>
        <Button component={Link} to="/" variant="light">
          {t('common.toHome')}
        </Button>
      </Stack>
    </Center>
  );
}
