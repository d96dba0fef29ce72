import {
  Alert,
  Box,
  Button,
  Center,
  Paper,
  PasswordInput,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useDocumentTitle } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { useLogin } from '../api/session';
import { AnchorLink } from '../components/AnchorLink';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { Logo } from '../components/Logo';

export interface LoginSearch {
  redirect?: string;
  expired?: boolean;
}

/** Search params of /login: where to go after signing in (same-origin paths only) and why we are here. */
export function validateLoginSearch(search: Record<string, unknown>): LoginSearch {
  const target = typeof search.redirect === 'string' ? search.redirect : undefined;
  return {
    // Only local paths: an open redirect would let a link send a freshly signed-in user elsewhere.
    redirect: target?.startsWith('/') && !target.startsWith('//') ? target : undefined,
    expired: search.expired === true || search.expired === 'true' ? true : undefined,
  };
}

const route = getRouteApi('/login');

/** The sign-in page (Masuk). */
export function LoginPage() {
  const { t } = useTranslation();
  useDocumentTitle(`${t('login.title')} · Tepat`);
  const search = route.useSearch();
  const navigate = useNavigate();
  const login = useLogin();
  const form = useForm({
    initialValues: { username: '', password: '' },
    validate: {
      username: (value) => (value.trim() ? null : t('login.required')),
      password: (value) => (value ? null : t('login.required')),
    },
  });

  const submit = form.onSubmit((values) =>
    login.mutate(
      { username: values.username.trim(), password: values.password },
      { onSuccess: () => void navigate({ to: search.redirect ?? '/', replace: true }) },
    ),
  );

  return (
    <Center mih="100dvh" p="md" bg="gray.0">
      <Box w="100%" maw={400}>
        <Stack align="center" gap={4} mb="lg">
          <Logo size={48} />
          <Text c="dimmed" ta="center" size="sm">
            {t('app.tagline')}
          </Text>
        </Stack>
        <Paper withBorder shadow="sm" p="xl" component="main">
          <form onSubmit={submit} noValidate aria-labelledby="login-title">
            <Stack>
              <Title order={1} size="h2" id="login-title">
                {t('login.title')}
              </Title>
              {search.expired && !login.error && <Alert color="yellow">{t('login.sessionExpired')}</Alert>}
              {login.error && <LoginError error={login.error} />}
              <TextInput
                label={t('login.username')}
                autoComplete="username"
                autoCapitalize="none"
                data-autofocus
                {...form.getInputProps('username')}
              />
              <PasswordInput
                label={t('login.password')}
                autoComplete="current-password"
                {...form.getInputProps('password')}
              />
              <Button type="submit" loading={login.isPending} fullWidth>
                {t('login.submit')}
              </Button>
            </Stack>
          </form>
        </Paper>
        <Center mt="md">
          <AnchorLink to="/layanan-mandiri" size="sm" ta="center" data-testid="login-self-service">
            {t('login.selfService')}
          </AnchorLink>
        </Center>
        <Center mt="md">
          <LanguageSwitch />
        </Center>
      </Box>
    </Center>
  );
}

/** Says plainly why signing in failed: wrong credentials, too many attempts, or something else. */
function LoginError({ error }: { error: Error }) {
  const { t } = useTranslation();
  let message: string;
  if (error instanceof ApiError && error.status === 401) message = t('login.wrongCredentials');
  else if (error instanceof ApiError && error.status === 429)
    message = error.retryAfterSeconds
      ? t('login.rateLimitedIn', { minutes: Math.ceil(error.retryAfterSeconds / 60) })
      : t('login.rateLimited');
  else if (error instanceof ApiError && error.code === 'NETWORK') message = t('errors.NETWORK');
  else message = t('login.failed', { message: error.message });
  return (
    <Alert color="red" role="alert" data-testid="login-error">
      {message}
    </Alert>
  );
}
