import {
  Alert,
  Anchor,
  Badge,
  Button,
  FileInput,
  Group,
  Pagination,
  Paper,
  Progress,
  Radio,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type ComponentProps } from 'react';
import { useTranslation } from 'react-i18next';
import {
  canResume,
  importLinks,
  importModes,
  importRunQuery,
  importRunsQuery,
  useJobProgress,
  useResumeImport,
  useStartImport,
  type ImportMode,
  type ImportRun,
} from '../api/imports';
import { useErrorMessage } from '../components/QueryState';
import { useFormat } from '../lib/format';

const accept = '.csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The counts a finished run shows, in the order the page lists them. */
const shownCounts = [
  'householdsNew',
  'householdsChanged',
  'householdsUnchanged',
  'householdsStale',
  'householdsHeld',
  'personsInserted',
] as const;

const statusColor: Record<ImportRun['status'], string> = {
  staging: 'blue',
  staged: 'blue',
  applying: 'blue',
  completed: 'green',
  rejected: 'orange',
  failed: 'red',
};

const today = () => new Date().toLocaleDateString('sv-SE');

/**
 * Impor data: the secretariat (or a kota TKPK for its kota) uploads a DTSEN-style extract, follows its import
 * job with a progress bar, reads the counts and the error report, and sees the past runs.
 */
export function ImportsPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('imports.title'));
  const [started, setStarted] = useState<{ runId: number; jobId: number } | null>(null);
  return (
    <Stack>
      <Title order={2}>{t('imports.title')}</Title>
      <Text c="dimmed">{t('imports.intro')}</Text>
      <TemplatesPanel />
      <UploadPanel onStarted={setStarted} />
      {started && <RunProgress key={started.jobId} runId={started.runId} jobId={started.jobId} />}
      <RunsTable onResumed={setStarted} />
    </Stack>
  );
}

function TemplatesPanel() {
  const { t } = useTranslation();
  return (
    <Paper withBorder p="md">
      <Stack gap="xs">
        <Title order={3} fz="md">
          {t('imports.templates.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('imports.templates.intro')}
        </Text>
        <Group gap="md">
          <Anchor href={importLinks.xlsxTemplate} download data-testid="imports-template-xlsx">
            {t('imports.templates.xlsx')}
          </Anchor>
          <Anchor href={importLinks.csvTemplate('households')} download>
            {t('imports.templates.households')}
          </Anchor>
          <Anchor href={importLinks.csvTemplate('persons')} download>
            {t('imports.templates.persons')}
          </Anchor>
        </Group>
      </Stack>
    </Paper>
  );
}

function UploadPanel({ onStarted }: { onStarted: (started: { runId: number; jobId: number }) => void }) {
  const { t } = useTranslation();
  const describe = useErrorMessage();
  const start = useStartImport();
  const [householdFile, setHouseholdFile] = useState<File | null>(null);
  const [personFile, setPersonFile] = useState<File | null>(null);
  const [extractDate, setExtractDate] = useState(today());
  const [name, setName] = useState('dtsen');
  const [mode, setMode] = useState<ImportMode>('valid-only');
  const workbookAlone = householdFile?.name.toLowerCase().endsWith('.xlsx') ?? false;
  const ready = householdFile !== null && (personFile !== null || workbookAlone) && extractDate !== '';

  const submit = () => {
    if (!householdFile) return;
    start.mutate(
      { householdFile, personFile, name: name.trim(), extractDate, mode },
      { onSuccess: (result) => onStarted(result) },
    );
  };
  const fileProps = (testId: string) => ({
    accept,
    clearable: true,
    maw: 420,
    placeholder: t('imports.form.filePlaceholder'),
    fileInputProps: { 'data-testid': testId } as ComponentProps<'input'>,
  });

  return (
    <Paper withBorder p="md" data-testid="imports-upload">
      <Stack gap="sm">
        <Title order={3} fz="md">
          {t('imports.form.title')}
        </Title>
        <FileInput
          label={t('imports.form.householdFile')}
          value={householdFile}
          onChange={setHouseholdFile}
          {...fileProps('imports-household-file')}
        />
        <FileInput
          label={t('imports.form.personFile')}
          description={t('imports.form.personFileHint')}
          value={personFile}
          onChange={setPersonFile}
          {...fileProps('imports-person-file')}
        />
        <Group gap="md" align="flex-end">
          <TextInput
            type="date"
            label={t('imports.form.extractDate')}
            value={extractDate}
            max={today()}
            onChange={(event) => setExtractDate(event.currentTarget.value)}
            data-testid="imports-extract-date"
            required
          />
          <TextInput
            label={t('imports.form.name')}
            description={t('imports.form.nameHint')}
            value={name}
            onChange={(event) => setName(event.currentTarget.value)}
            data-testid="imports-name"
          />
        </Group>
        <Radio.Group label={t('imports.form.mode')} value={mode} onChange={(v) => setMode(v)}>
          <Stack gap={4} mt={4}>
            {importModes.map((value) => (
              <Radio
                key={value}
                value={value}
                label={t(`imports.modes.${value}`)}
                data-testid={`imports-mode-${value}`}
              />
            ))}
          </Stack>
        </Radio.Group>
        <Group>
          <Button onClick={submit} disabled={!ready} loading={start.isPending} data-testid="imports-submit">
            {t('imports.form.submit')}
          </Button>
        </Group>
        {start.error && (
          <Alert color="red" role="alert" data-testid="imports-failure">
            <Stack gap={2}>
              <Text size="sm">{describe(start.error)}</Text>
              <Text size="xs">{start.error.message}</Text>
            </Stack>
          </Alert>
        )}
      </Stack>
    </Paper>
  );
}

/** The running import: a progress bar fed by the job's events, then the run's counts and error report. */
function RunProgress({ runId, jobId }: { runId: number; jobId: number }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const job = useJobProgress(jobId);
  const ended = job?.status === 'succeeded' || job?.status === 'failed';
  const run = useQuery({ ...importRunQuery(runId), enabled: ended });
  useEffect(() => {
    if (ended) void queryClient.invalidateQueries({ queryKey: ['imports'] });
  }, [ended, queryClient]);
  const percent = job?.total ? Math.min(100, Math.round((100 * job.progress) / job.total)) : 0;
  const status = job?.status ?? 'queued';

  return (
    <Paper withBorder p="md" data-testid="imports-progress-panel">
      <Stack gap="sm">
        <Title order={3} fz="md">
          {t('imports.progress.title', { id: runId })}
        </Title>
        <Stack gap={2} data-testid="imports-progress" data-status={status} data-value={percent}>
          <Progress
            value={status === 'succeeded' ? 100 : percent}
            animated={!ended}
            color={status === 'failed' ? 'red' : undefined}
            aria-label={t('imports.progress.label')}
          />
          <Text size="xs" c="dimmed">
            {t(`imports.progress.status.${status}`)} · {status === 'succeeded' ? 100 : percent} %
            {job?.message && !ended ? ` · ${job.message}` : ''}
          </Text>
        </Stack>
        {job?.status === 'failed' && (
          <Alert color="red" role="alert">
            {job.error ?? t('common.error')}
          </Alert>
        )}
        {ended && run.data && <RunResult run={run.data} />}
      </Stack>
    </Paper>
  );
}

function RunResult({ run }: { run: ImportRun }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <Stack gap="sm" data-testid="imports-result" data-status={run.status}>
      <Group gap="xs">
        <Badge color={statusColor[run.status]}>{t(`imports.status.${run.status}`)}</Badge>
        {run.status === 'rejected' && <Text size="sm">{t('imports.result.rejected')}</Text>}
      </Group>
      <SimpleGrid cols={{ base: 2, sm: 3, md: 6 }}>
        {shownCounts.map((key) => (
          <Paper
            key={key}
            withBorder
            p="xs"
            data-testid={`imports-count-${key}`}
            data-value={run.counts[key] ?? 0}
          >
            <Text size="xs" c="dimmed">
              {t(`imports.counts.${key}`)}
            </Text>
            <Text fw={700} fz="lg">
              {format.number(run.counts[key] ?? 0)}
            </Text>
          </Paper>
        ))}
      </SimpleGrid>
      <Group gap="xs">
        <Text size="sm" data-testid="imports-error-count" data-value={run.errorCount}>
          {t('imports.result.errors', { count: run.errorCount })}
        </Text>
        {run.errorCount > 0 && (
          <Anchor href={importLinks.errors(run.id)} download data-testid="imports-errors-link">
            {t('imports.result.errorReport')}
          </Anchor>
        )}
      </Group>
      {run.error && (
        <Alert color="red" role="alert">
          {run.error}
        </Alert>
      )}
    </Stack>
  );
}

function RunsTable({ onResumed }: { onResumed: (started: { runId: number; jobId: number }) => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const resume = useResumeImport();
  const [page, setPage] = useState(1);
  const { data, error } = useQuery(importRunsQuery(page));
  if (error) return <Alert color="red">{error.message}</Alert>;
  if (!data) return null;
  const pages = Math.max(1, Math.ceil(data.total / 10));
  return (
    <Paper withBorder p="md">
      <Stack gap="sm">
        <Title order={3} fz="md">
          {t('imports.runs.title')}
        </Title>
        {data.items.length === 0 ? (
          <Text c="dimmed">{t('imports.runs.empty')}</Text>
        ) : (
          <Table.ScrollContainer minWidth={900}>
            <Table striped data-testid="imports-runs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('imports.runs.id')}</Table.Th>
                  <Table.Th>{t('imports.runs.name')}</Table.Th>
                  <Table.Th>{t('imports.runs.extractDate')}</Table.Th>
                  <Table.Th>{t('imports.runs.status')}</Table.Th>
                  <Table.Th>{t('imports.counts.householdsNew')}</Table.Th>
                  <Table.Th>{t('imports.counts.householdsChanged')}</Table.Th>
                  <Table.Th>{t('imports.counts.householdsHeld')}</Table.Th>
                  <Table.Th>{t('imports.runs.errors')}</Table.Th>
                  <Table.Th>{t('imports.runs.by')}</Table.Th>
                  <Table.Th>{t('imports.runs.at')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.items.map((run) => (
                  <Table.Tr
                    key={run.id}
                    data-testid="imports-run-row"
                    data-id={run.id}
                    data-status={run.status}
                  >
                    <Table.Td>{run.id}</Table.Td>
                    <Table.Td>{run.name}</Table.Td>
                    <Table.Td>{format.date(run.extractDate)}</Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>
                      <Badge color={statusColor[run.status]} variant="light">
                        {t(`imports.status.${run.status}`)}
                      </Badge>
                      {canResume(run) && (
                        <Button
                          size="compact-xs"
                          variant="light"
                          ml="xs"
                          loading={resume.isPending && resume.variables === run.id}
                          onClick={() => resume.mutate(run.id, { onSuccess: onResumed })}
                          data-testid="imports-resume"
                        >
                          {t('imports.runs.resume')}
                        </Button>
                      )}
                    </Table.Td>
                    <Table.Td>{format.number(run.counts.householdsNew ?? 0)}</Table.Td>
                    <Table.Td>{format.number(run.counts.householdsChanged ?? 0)}</Table.Td>
                    <Table.Td>{format.number(run.counts.householdsHeld ?? 0)}</Table.Td>
                    <Table.Td>
                      {run.errorCount > 0 ? (
                        <Anchor href={importLinks.errors(run.id)} download>
                          {format.number(run.errorCount)}
                        </Anchor>
                      ) : (
                        '0'
                      )}
                    </Table.Td>
                    <Table.Td>{run.createdBy ?? t('imports.runs.cli')}</Table.Td>
                    <Table.Td>{format.dateTime(run.createdAt)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        {pages > 1 && <Pagination total={pages} value={page} onChange={setPage} size="sm" />}
      </Stack>
    </Paper>
  );
}
