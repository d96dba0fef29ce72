import { Alert, Button, Progress, Stack, Text } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { jobQuery, useRecompute } from '../../api/targeting';
import { MutationError } from '../MutationError';

/**
 * "Hitung ulang": queues the targeting recompute and follows the job (GET /jobs/{id}, once a second) with a
 * progress bar; when it succeeds every targeting view is read again.
 */
export function RecomputeControl() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const recompute = useRecompute();
  const [jobId, setJobId] = useState<number | null>(null);
  const job = useQuery({ ...jobQuery(jobId ?? 0), enabled: jobId !== null });
  const status = jobId === null ? undefined : job.data?.status;
  const running = recompute.isPending || (jobId !== null && status !== 'succeeded' && status !== 'failed');

  useEffect(() => {
    if (status === 'succeeded') void queryClient.invalidateQueries({ queryKey: ['targeting'] });
  }, [status, queryClient]);

  const start = () =>
    recompute.mutate(undefined, {
      onSuccess: ({ jobId: id }) => setJobId(id),
    });
  const state = job.data;
  const percent = state?.total ? Math.min(100, (100 * state.progress) / state.total) : running ? 5 : 100;

  return (
    <Stack gap={4} miw={240} align="flex-end">
      <Button onClick={start} loading={running} variant="light" data-testid="targeting-recompute">
        {t('targeting.recompute.button')}
      </Button>
      {jobId !== null && (
        <Stack gap={2} w="100%" data-testid="targeting-recompute-progress" data-status={status ?? 'queued'}>
          <Progress value={percent} animated={running} aria-label={t('targeting.recompute.progress')} />
          <Text size="xs" c="dimmed">
            {t(`targeting.recompute.status.${status ?? 'queued'}`)}
            {state?.message ? ` · ${state.message}` : ''}
          </Text>
        </Stack>
      )}
      {status === 'failed' && (
        <Alert color="red" p="xs">
          {state?.error ?? t('common.error')}
        </Alert>
      )}
      <MutationError error={recompute.error} />
    </Stack>
  );
}
