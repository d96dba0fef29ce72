import {
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi, Link, useNavigate } from '@tanstack/react-router';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import {
  changeRequestInboxQuery,
  changeRequestQuery,
  useReviewRequest,
  type ChangeRequest,
  type ChangeRequestStatus,
} from '../api/requests';
import { AnchorLink } from '../components/AnchorLink';
import { ListPagination } from '../components/ListPagination';
import { QueryState, useErrorMessage } from '../components/QueryState';
import { useFormat } from '../lib/format';
import { displayValue } from '../lib/values';

const statusColors: Record<ChangeRequestStatus, string> = {
  submitted: 'blue',
  verifying: 'yellow',
  approved: 'teal',
  rejected: 'gray',
};

/** The desk's inbox of change requests (Permohonan): open requests of the area, overdue first. */
export function ChangeRequestsPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const navigate = useNavigate();
  const [page, setPage] = useState(1);
  const inbox = useQuery(changeRequestInboxQuery(page));
  return (
    <Stack gap="md" data-testid="page-change-requests">
      <Title order={1} size="h3">
        {t('requests.title')}
      </Title>
      <QueryState query={inbox}>
        {({ counts, items, total }) => (
          <>
            <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm">
              {(['submitted', 'verifying', 'dueSoon', 'overdue'] as const).map((key) => (
                <Paper withBorder p="sm" key={key} data-testid={`requests-count-${key}`}>
                  <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
                    {t(`requests.counts.${key}`)}
                  </Text>
                  <Text fz={24} fw={700} data-testid={`requests-count-${key}-value`}>
                    {format.number(counts[key])}
                  </Text>
                </Paper>
              ))}
            </SimpleGrid>
            {items.length === 0 ? (
              <Text c="dimmed">{t('requests.empty')}</Text>
            ) : (
              <Paper withBorder>
                <Table.ScrollContainer minWidth={720}>
                  <Table highlightOnHover verticalSpacing="xs">
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th>{t('requests.type')}</Table.Th>
                        <Table.Th>{t('requests.trackingCode')}</Table.Th>
                        <Table.Th>{t('requests.kelurahan')}</Table.Th>
                        <Table.Th>{t('requests.submitted')}</Table.Th>
                        <Table.Th>{t('requests.due')}</Table.Th>
                        <Table.Th>{t('requests.status')}</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {items.map((item) => (
                        <Table.Tr
                          key={item.id}
                          data-testid="request-item"
                          data-request-id={item.id}
                          data-tracking-code={item.trackingCode}
                          style={{ cursor: 'pointer' }}
                          onClick={() =>
                            void navigate({
                              to: '/change-requests/$requestId',
                              params: { requestId: String(item.id) },
                            })
                          }
                        >
                          <Table.Td>
                            <Link to="/change-requests/$requestId" params={{ requestId: String(item.id) }}>
                              {t(`changeRequest.types.${item.type}`)}
                            </Link>
                            <Text size="xs" c="dimmed">
                              {t(`changeRequest.channels.${item.channel}`, { defaultValue: item.channel })}
                            </Text>
                          </Table.Td>
                          <Table.Td ff="monospace">{item.trackingCode}</Table.Td>
                          <Table.Td>{item.kelurahanCode}</Table.Td>
                          <Table.Td>{format.dateTime(item.submittedAt)}</Table.Td>
                          <Table.Td>
                            <Group gap={4}>
                              {format.date(item.dueAt)}
                              {item.overdue && (
                                <Badge size="xs" color="red">
                                  {t('changeRequest.overdue')}
                                </Badge>
                              )}
                            </Group>
                          </Table.Td>
                          <Table.Td>
                            <Badge size="sm" color={statusColors[item.status]}>
                              {t(`changeRequest.statuses.${item.status}`)}
                            </Badge>
                          </Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </Table.ScrollContainer>
              </Paper>
            )}
            <ListPagination page={page} pageSize={50} total={total} onPage={setPage} />
          </>
        )}
      </QueryState>
    </Stack>
  );
}

const route = getRouteApi('/signed-in/change-requests/$requestId');

/** One change request for its reviewer: what is asked, the documents; take it, approve or reject with a note. */
export function ChangeRequestPage() {
  const { t } = useTranslation();
  const { requestId } = route.useParams();
  const id = Number(requestId);
  const detail = useQuery({ ...changeRequestQuery(id), enabled: Number.isInteger(id) && id > 0 });
  return (
    <Stack gap="md" data-testid="page-change-request">
      <Anchor component={Link} to="/change-requests" size="sm" w="fit-content">
        ← {t('requests.title')}
      </Anchor>
      <QueryState query={detail} minHeight={240}>
        {(request) => <RequestDetail request={request} />}
      </QueryState>
    </Stack>
  );
}

function RequestDetail({ request }: { request: ChangeRequest }) {
  const { t } = useTranslation();
  const format = useFormat();
  const describe = useErrorMessage();
  const { verify, decide } = useReviewRequest(request.id);
  const [note, setNote] = useState('');
  const [noteError, setNoteError] = useState<string | null>(null);
  const open = request.status === 'submitted' || request.status === 'verifying';
  const decideAs = (decision: 'approve' | 'reject') => {
    if (decision === 'reject' && !note.trim()) {
      setNoteError(t('requests.noteRequired'));
      return;
    }
    setNoteError(null);
    decide.mutate(
      { decision, ...(note.trim() ? { note: note.trim() } : {}) },
      {
        onSuccess: (result) =>
          notifications.show({
            color: 'teal',
            message: t(result.status === 'approved' ? 'requests.approved' : 'requests.rejected'),
          }),
      },
    );
  };
  const error = verify.error ?? decide.error;

  return (
    <>
      <Paper withBorder p={{ base: 'sm', sm: 'md' }}>
        <Group justify="space-between" align="flex-start">
          <Stack gap={2}>
            <Title order={1} size="h3">
              {t('requests.detailTitle', { code: request.trackingCode })}
            </Title>
            <Text fw={600}>{t(`changeRequest.types.${request.type}`)}</Text>
            <Text size="sm" c="dimmed">
              {t(`changeRequest.channels.${request.channel}`, { defaultValue: request.channel })} ·{' '}
              {format.dateTime(request.submittedAt)} · {t('requests.cycle', { cycle: request.cycle })}
            </Text>
          </Stack>
          <Group gap="xs">
            {request.overdue && <Badge color="red">{t('changeRequest.overdue')}</Badge>}
            {request.escalated && <Badge color="orange">{t('requests.escalated')}</Badge>}
            <Badge
              size="lg"
              color={statusColors[request.status]}
              data-testid="request-status"
              data-status={request.status}
            >
              {t(`changeRequest.statuses.${request.status}`)}
            </Badge>
          </Group>
        </Group>
        <SimpleGrid cols={{ base: 1, sm: 2 }} mt="sm" spacing="xs">
          <Text size="sm">
            {t('requests.requester')}: <b>{request.requesterName ?? t('common.none')}</b>
          </Text>
          <Text size="sm">
            {t('requests.kelurahan')}: <b>{request.kelurahanCode}</b>
          </Text>
          <Text size="sm">
            {t('requests.due')}: <b>{format.date(request.dueAt)}</b>
          </Text>
          {request.householdId !== null && (
            <Text size="sm">
              {t('requests.household')}:{' '}
              <AnchorLink
                to="/households/$householdId"
                params={{ householdId: String(request.householdId) }}
                search={{}}
              >
                {t('requests.openHousehold', { id: request.householdId })}
              </AnchorLink>
            </Text>
          )}
          {request.decidedAt && (
            <Text size="sm">{t('requests.decidedAt', { at: format.dateTime(request.decidedAt) })}</Text>
          )}
          {request.decisionNote && (
            <Text size="sm">
              {t('requests.note')}: {request.decisionNote}
            </Text>
          )}
        </SimpleGrid>
      </Paper>

      <Paper withBorder p={{ base: 'sm', sm: 'md' }}>
        <Title order={2} size="h4" mb="sm">
          {t('requests.payload')}
        </Title>
        <PayloadList value={request.payload} />
      </Paper>

      <Paper withBorder p={{ base: 'sm', sm: 'md' }}>
        <Title order={2} size="h4" mb="sm">
          {t('requests.evidence')}
        </Title>
        {request.evidence.length === 0 ? (
          <Text c="dimmed">{t('requests.noEvidence')}</Text>
        ) : (
          <Stack gap={4}>
            {request.evidence.map((file, i) => (
              <Anchor
                key={file.evidenceId}
                href={`/api/v1/field/evidence/${file.evidenceId}`}
                target="_blank"
                rel="noreferrer"
                data-testid="request-evidence"
              >
                {i + 1}. {t(`changeRequest.kinds.${file.kind}`, { defaultValue: file.kind })}
              </Anchor>
            ))}
          </Stack>
        )}
      </Paper>

      {open && (
        <Paper withBorder p={{ base: 'sm', sm: 'md' }}>
          <Stack gap="sm">
            {request.status === 'submitted' && (
              <Button
                variant="light"
                w="fit-content"
                loading={verify.isPending}
                onClick={() =>
                  verify.mutate(undefined, {
                    onSuccess: () => notifications.show({ message: t('requests.verified') }),
                  })
                }
                data-testid="request-verify"
              >
                {t('requests.verify')}
              </Button>
            )}
            <Textarea
              label={t('requests.note')}
              autosize
              minRows={2}
              maxLength={1000}
              value={note}
              error={noteError}
              onChange={(e) => setNote(e.currentTarget.value)}
              data-testid="request-note"
            />
            {error && <Alert color="red">{describe(error)}</Alert>}
            <Group>
              <Button
                color="teal"
                loading={decide.isPending && decide.variables.decision === 'approve'}
                disabled={decide.isPending}
                onClick={() => decideAs('approve')}
                data-testid="request-approve"
              >
                {t('requests.approve')}
              </Button>
              <Button
                color="red"
                variant="light"
                loading={decide.isPending && decide.variables.decision === 'reject'}
                disabled={decide.isPending}
                onClick={() => decideAs('reject')}
                data-testid="request-reject"
              >
                {t('requests.reject')}
              </Button>
            </Group>
          </Stack>
        </Paper>
      )}
    </>
  );
}

/** A request's payload as label–value rows; nested objects (a new member) and lists are indented. */
function PayloadList({ value }: { value: unknown }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (typeof value !== 'object' || value === null) return <Text>{String(value)}</Text>;
  const entries = Object.entries(value as Record<string, unknown>);
  const label = (key: string) =>
    t(`requests.keys.${key}`, {
      defaultValue: t(`personFields.${key}`, { defaultValue: t(`fields.${key}`, { defaultValue: key }) }),
    });
  const field = (value as Record<string, unknown>).field;
  const show = (key: string, v: unknown): ReactNode => {
    if (Array.isArray(v))
      return (
        <Stack gap={4}>
          {(v as unknown[]).map((item, i) => (
            <PayloadList key={i} value={item} />
          ))}
        </Stack>
      );
    if (typeof v === 'object' && v !== null) return <PayloadList value={v} />;
    // A correction's value reads like its field's values.
    if (key === 'value' && typeof field === 'string') return displayValue(field, v, t, format);
    if (key === 'field' && typeof v === 'string')
      return t(`personFields.${v}`, { defaultValue: t(`fields.${v}`, { defaultValue: v }) });
    return displayValue(key, v, t, format);
  };
  return (
    <Table variant="vertical" withTableBorder data-testid="request-payload">
      <Table.Tbody>
        {entries.map(([key, v]) => (
          <Table.Tr key={key} data-key={key}>
            <Table.Th w="30%">{label(key)}</Table.Th>
            <Table.Td>{show(key, v)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
