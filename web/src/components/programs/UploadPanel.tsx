import { Alert, Button, FileInput, Group, Paper, Radio, Stack, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState, type ComponentProps } from 'react';
import { useTranslation } from 'react-i18next';
import { useUpload, type UploadMode } from '../../api/targeting';
import { useErrorMessage } from '../QueryState';
import { UploadReportView } from './UploadReportView';

const modes: readonly UploadMode[] = ['all_or_nothing', 'valid_only'];

/**
 * "Unggah daftar penerima": an agency (or the secretariat for it, or a partner) loads its beneficiary list as
 * CSV or XLSX; the server matches every row to the registry and answers a row-level report.
 */
export function UploadPanel({ code }: { code: string }) {
  const { t } = useTranslation();
  const describe = useErrorMessage();
  const queryClient = useQueryClient();
  const upload = useUpload(code);
  const [file, setFile] = useState<File | null>(null);
  const [mode, setMode] = useState<UploadMode>('all_or_nothing');

  const submit = () => {
    if (!file) return;
    upload.mutate(
      { file, mode },
      {
        onSuccess: () => {
          void queryClient.invalidateQueries({ queryKey: ['programs', code, 'enrolments'] });
        },
      },
    );
  };

  return (
    <Paper withBorder p="md" data-testid="upload-panel">
      <Stack gap="sm">
        <Title order={2} fz="lg">
          {t('upload.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('upload.intro')}
        </Text>
        <FileInput
          label={t('upload.file')}
          placeholder={t('upload.filePlaceholder')}
          accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          value={file}
          onChange={setFile}
          clearable
          maw={420}
          fileInputProps={{ 'data-testid': 'upload-file' } as ComponentProps<'input'>}
        />
        <Radio.Group
          label={t('upload.mode')}
          value={mode}
          onChange={(value) => setMode(value)}
          data-testid="upload-mode"
        >
          <Group gap="md" mt={4}>
            {modes.map((value) => (
              <Radio
                key={value}
                value={value}
                label={t(`upload.modes.${value}`)}
                data-testid={`upload-mode-${value}`}
              />
            ))}
          </Group>
        </Radio.Group>
        <Group>
          <Button onClick={submit} disabled={!file} loading={upload.isPending} data-testid="upload-submit">
            {t('upload.submit')}
          </Button>
        </Group>
        {upload.error && (
          <Alert color="red" role="alert" data-testid="upload-failure">
            {describe(upload.error)}
          </Alert>
        )}
        {upload.data && !upload.isPending && <UploadReportView code={code} report={upload.data} />}
      </Stack>
    </Paper>
  );
}
