import {
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  Image,
  Paper,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldSubmissionQuery, useReviewSubmission } from '../api/field';
import { AnchorLink } from '../components/AnchorLink';
import { QueryState, useErrorMessage } from '../components/QueryState';
import { useFormat } from '../lib/format';
import { displayValue } from '../lib/values';
import type { paths } from '../api/schema';

type Detail = paths['/api/v1/field/submissions/{id}']['get']['responses'][200]['content']['application/json'];
type Change = Detail['changes'][number];
type Choice = 'current' | 'proposed';

const route = getRouteApi('/signed-in/field-review/$submissionId');

/** One field visit for its reviewer: what the officer proposes beside the registry, approve or reject. */
export function FieldReviewPage() {
  const { submissionId } = route.useParams();
  const id = Number(submissionId);
  const detail = useQuery({ ...fieldSubmissionQuery(id), enabled: Number.isInteger(id) && id > 0 });
  return (
    <Stack gap="md" data-testid="page-field-review">
      <FieldReviewBack />
      <QueryState query={detail} minHeight={240}>
        {(visit) => <ReviewForm visit={visit} />}
      </QueryState>
    </Stack>
  );
}

function FieldReviewBack() {
  const { t } = useTranslation();
  return (
    <Anchor component={Link} to="/field-review" size="sm" w="fit-content">
      ← {t('inbox.title')}
    </Anchor>
  );
}

function ReviewForm({ visit }: { visit: Detail }) {
  const { t } = useTranslation();
  const format = useFormat();
  const describe = useErrorMessage();
  const review = useReviewSubmission(visit.submissionId);
  const [note, setNote] = useState('');
  const [choices, setChoices] = useState<Record<string, Choice>>({});
  const needing = visit.changes.filter((c) => c.needsChoice);
  const unresolved = needing.filter((c) => !choices[c.key]).length;
  const pending = visit.status === 'pending';
  const decide = (decision: 'approve' | 'reject') =>
    review.mutate(
      {
        decision,
        ...(note.trim() ? { note: note.trim() } : {}),
        ...(decision === 'approve' && needing.length > 0 ? { resolutions: choices } : {}),
      },
      {
        onSuccess: (result) =>
          notifications.show({
            color: 'teal',
            message: t(result.status === 'approved' ? 'review.approved' : 'review.rejected', {
              count: result.applied.length,
            }),
          }),
      },
    );
  const result = review.data;

  return (
    <>
      <Paper withBorder p={{ base: 'sm', sm: 'md' }}>
        <Group justify="space-between" align="flex-start">
          <Stack gap={2}>
            <Title order={1} size="h3">
              {t('review.title', { id: visit.submissionId })}
            </Title>
            <Text>{visit.address}</Text>
            <Text size="sm" c="dimmed">
              {t('household.kk', { kk: visit.kkNumber })} ·{' '}
              {t('review.byOfficer', { name: visit.officerName })} · {format.dateTime(visit.capturedAt)}
            </Text>
          </Stack>
          <Badge
            size="lg"
            color={visit.status === 'pending' ? 'yellow' : visit.status === 'approved' ? 'teal' : 'gray'}
            data-testid="review-status"
          >
            {t(`review.status.${visit.status}`)}
          </Badge>
        </Group>
        <SimpleGrid cols={{ base: 1, sm: 2 }} mt="sm" spacing="xs">
          <Text size="sm">
            {t('inbox.outcome')}:{' '}
            <b>{t(`field.outcomes.${visit.outcome}`, { defaultValue: visit.outcome })}</b>
          </Text>
          <Text size="sm">
            {t('review.versions', { base: visit.baseVersion, current: visit.householdVersion })}
          </Text>
          {visit.location && (
            <Text size="sm">
              {t('field.visit.location', {
                latitude: visit.location.latitude.toFixed(5),
                longitude: visit.location.longitude.toFixed(5),
                accuracy: visit.location.accuracyM ?? '?',
              })}
            </Text>
          )}
          {visit.notes && (
            <Text size="sm" data-testid="review-notes">
              {t('field.visit.notes')}: {visit.notes}
            </Text>
          )}
        </SimpleGrid>
        {visit.evidence.length > 0 && (
          <Group mt="sm" gap="xs">
            {visit.evidence.map((file) => (
              <Anchor key={file.id} href={`/api/v1/field/evidence/${file.id}`} target="_blank">
                {file.contentType.startsWith('image/') ? (
                  <Image
                    src={`/api/v1/field/evidence/${file.id}`}
                    alt={file.fileName}
                    h={120}
                    w="auto"
                    radius="sm"
                  />
                ) : (
                  file.fileName
                )}
              </Anchor>
            ))}
          </Group>
        )}
      </Paper>

      <Paper withBorder p={{ base: 'sm', sm: 'md' }}>
        <Title order={2} size="h4" mb="sm">
          {t('review.changes')}
        </Title>
        {visit.changes.length === 0 ? (
          <Text c="dimmed">{t('review.noChanges')}</Text>
        ) : (
          <Table.ScrollContainer minWidth={620}>
            <Table verticalSpacing="xs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('review.field')}</Table.Th>
                  <Table.Th>{t('review.registry')}</Table.Th>
                  <Table.Th>{t('review.proposed')}</Table.Th>
                  <Table.Th>{t('review.choice')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {visit.changes.map((change) => (
                  <ChangeRow
                    key={change.key}
                    change={change}
                    choice={choices[change.key]}
                    disabled={!pending}
                    onChoose={(choice) => setChoices((c) => ({ ...c, [change.key]: choice }))}
                  />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Paper>

      {pending && !result && (
        <Paper withBorder p={{ base: 'sm', sm: 'md' }}>
          <Stack gap="sm">
            <Textarea
              label={t('review.note')}
              autosize
              minRows={2}
              maxLength={1000}
              value={note}
              onChange={(e) => setNote(e.currentTarget.value)}
            />
            {unresolved > 0 && <Alert color="orange">{t('review.chooseFirst', { count: unresolved })}</Alert>}
            {review.error && <Alert color="red">{describe(review.error)}</Alert>}
            <Group>
              <Button
                onClick={() => decide('approve')}
                disabled={unresolved > 0}
                loading={review.isPending && review.variables.decision === 'approve'}
                data-testid="review-approve"
              >
                {t('review.approve')}
              </Button>
              <Button
                variant="light"
                color="red"
                onClick={() => decide('reject')}
                loading={review.isPending && review.variables.decision === 'reject'}
                data-testid="review-reject"
              >
                {t('review.reject')}
              </Button>
            </Group>
          </Stack>
        </Paper>
      )}

      {result && (
        <Alert color="teal" data-testid="review-result" data-status={result.status}>
          <Stack gap={4} align="flex-start">
            {t(result.status === 'approved' ? 'review.approved' : 'review.rejected', {
              count: result.applied.length,
            })}
            {result.forwarded.map((f) => (
              <span key={f.key} data-testid="review-forwarded">
                {t('review.forwarded', { code: f.trackingCode })}
              </span>
            ))}
            <AnchorLink
              to="/households/$householdId"
              params={{ householdId: String(result.householdId) }}
              data-testid="review-open-household"
            >
              {t('review.openHousehold')}
            </AnchorLink>
          </Stack>
        </Alert>
      )}
      {!result && (
        <AnchorLink
          to="/households/$householdId"
          params={{ householdId: String(visit.householdId) }}
          size="sm"
        >
          {t('review.openHousehold')}
        </AnchorLink>
      )}
    </>
  );
}

function ChangeRow({
  change,
  choice,
  disabled,
  onChoose,
}: {
  change: Change;
  choice: Choice | undefined;
  disabled: boolean;
  onChoose: (choice: Choice) => void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const show = (value: unknown) => {
    if (change.field === null) {
      const left = (value as { left?: string } | null)?.left;
      if (left) return t(`field.presence.${left === 'died' ? 'died' : 'moved_out'}`);
      const added = value as { name?: string } | null;
      return added?.name ? t('review.newMember', { name: added.name }) : t('common.none');
    }
    return displayValue(change.field, value, t, format);
  };
  const label =
    change.field === null
      ? (change.memberName ?? t('review.newMemberLabel'))
      : change.memberName
        ? `${change.memberName}: ${t(`personFields.${change.field}`, { defaultValue: change.field })}`
        : t(`fields.${change.field}`, { defaultValue: change.field });
  return (
    <Table.Tr data-testid="review-change" data-key={change.key} data-state={change.state}>
      <Table.Td>
        {label}
        {change.state === 'conflict' && (
          <Badge ml={6} size="xs" color="orange">
            {t('review.conflict')}
          </Badge>
        )}
      </Table.Td>
      <Table.Td>
        {show(change.currentValue)}
        {JSON.stringify(change.currentValue) !== JSON.stringify(change.baseValue) && (
          <Text size="xs" c="dimmed">
            {t('review.atBase', { value: show(change.baseValue) })}
          </Text>
        )}
      </Table.Td>
      <Table.Td fw={600}>{show(change.proposedValue)}</Table.Td>
      <Table.Td>
        {change.alreadyHeld ? (
          <Text size="xs" c="dimmed">
            {t('review.alreadyHeld')}
          </Text>
        ) : change.needsChoice ? (
          <SegmentedControl
            size="xs"
            disabled={disabled}
            value={choice ?? ''}
            onChange={(value) => onChoose(value as Choice)}
            data={[
              { value: 'current', label: t('review.keepCurrent') },
              { value: 'proposed', label: t('review.takeProposed') },
            ]}
            data-testid={`review-choice-${change.key}`}
          />
        ) : (
          <Text size="xs" c="dimmed">
            {t('review.clean')}
          </Text>
        )}
      </Table.Td>
    </Table.Tr>
  );
}
