import { Anchor, Badge, Group, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { uploadErrorsUrl, type UploadReport } from '../../api/targeting';
import { useFormat } from '../../lib/format';

const statusColors = { loaded: 'green', partially_loaded: 'yellow', rejected: 'red' } as const;

/** The report of one upload: counts, the rows in error (line, column, value, reason) and the unmatched NIKs. */
export function UploadReportView({ code, report }: { code: string; report: UploadReport }) {
  const { t } = useTranslation();
  const format = useFormat();
  const counts = [
    ['rowsTotal', report.rowsTotal],
    ['rowsValid', report.rowsValid],
    ['rowsLoaded', report.rowsLoaded],
    ['alreadyEnrolled', report.alreadyEnrolled],
    ['errorCount', report.errorCount],
    ['unmatchedCount', report.unmatchedCount],
  ] as const;
  return (
    <Stack
      gap="sm"
      data-testid="upload-report"
      data-status={report.status}
      data-loaded={report.rowsLoaded}
      data-upload={report.uploadId}
    >
      <Group gap="xs">
        <Text fw={600}>{report.fileName}</Text>
        <Badge color={statusColors[report.status]} variant="light">
          {t(`upload.status.${report.status}`)}
        </Badge>
      </Group>
      <SimpleGrid cols={{ base: 2, sm: 3, md: 6 }} spacing="xs">
        {counts.map(([key, value]) => (
          <Stack key={key} gap={0}>
            <Text size="xs" c="dimmed">
              {t(`upload.counts.${key}`)}
            </Text>
            <Text fw={700} data-testid={`upload-count-${key}`}>
              {format.number(value)}
            </Text>
          </Stack>
        ))}
      </SimpleGrid>
      {report.errorCount + report.unmatchedCount > 0 && (
        <Anchor href={uploadErrorsUrl(code, report.uploadId)} download data-testid="upload-errors-csv">
          {t('upload.downloadErrors')}
        </Anchor>
      )}
      {report.errors.length > 0 && <ErrorTable errors={report.errors} />}
      {report.unmatched.length > 0 && <UnmatchedTable unmatched={report.unmatched} />}
    </Stack>
  );
}

function ErrorTable({ errors }: { errors: UploadReport['errors'] }) {
  const { t } = useTranslation();
  return (
    <Stack gap={4}>
      <Text fw={600}>{t('upload.errors')}</Text>
      <Table.ScrollContainer minWidth={640}>
        <Table verticalSpacing={4} striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th ta="right">{t('upload.columns.line')}</Table.Th>
              <Table.Th>{t('upload.columns.column')}</Table.Th>
              <Table.Th>{t('upload.columns.value')}</Table.Th>
              <Table.Th>{t('upload.columns.reason')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {errors.map((error, index) => (
              <Table.Tr
                key={`${error.line}:${error.column}:${index}`}
                data-testid="upload-error-row"
                data-line={error.line}
              >
                <Table.Td ta="right">{error.line}</Table.Td>
                <Table.Td ff="monospace">{error.column}</Table.Td>
                <Table.Td ff="monospace">{error.value}</Table.Td>
                <Table.Td>{error.reason}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}

function UnmatchedTable({ unmatched }: { unmatched: UploadReport['unmatched'] }) {
  const { t } = useTranslation();
  return (
    <Stack gap={4}>
      <Text fw={600}>{t('upload.unmatched')}</Text>
      <Table verticalSpacing={4} striped maw={420}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th ta="right">{t('upload.columns.line')}</Table.Th>
            <Table.Th>{t('search.columns.nik')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {unmatched.map((row) => (
            <Table.Tr key={row.line} data-testid="upload-unmatched-row" data-line={row.line}>
              <Table.Td ta="right">{row.line}</Table.Td>
              <Table.Td ff="monospace">{row.value}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
