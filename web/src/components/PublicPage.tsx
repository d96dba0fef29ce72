import { Box, Group } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { AnchorLink } from './AnchorLink';
import { LanguageSwitch } from './LanguageSwitch';
import { Logo } from './Logo';

/** The frame of a public page (no sign-in): logo, a link to sign in, the language switch. */
export function PublicPage({ width, children }: { width: number; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Box mih="100dvh" p="md" bg="gray.0">
      <Box maw={width} mx="auto">
        <Group justify="space-between" mb="md">
          <Logo size={40} />
          <Group gap="md">
            <AnchorLink to="/login" search={{}} size="sm">
              {t('selfService.toLogin')}
            </AnchorLink>
            <LanguageSwitch />
          </Group>
        </Group>
        {children}
      </Box>
    </Box>
  );
}
