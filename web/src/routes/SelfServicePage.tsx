import {
  Alert,
  Badge,
  Button,
  CloseButton,
  Divider,
  Group,
  Input,
  List,
  NativeSelect,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDocumentTitle } from '@mantine/hooks';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, type FieldIssue } from '../api/client';
import {
  changeRequestTypes,
  evidenceKinds,
  typeRules,
  useCheckStatus,
  useSubmitSelfService,
  type ChangeRequestType,
  type EvidenceKind,
  type PublicStatus,
} from '../api/requests';
import { PublicPage } from '../components/PublicPage';
import messages from '../i18n/id.json';
import { useFormat } from '../lib/format';

const sixteenDigits = /^\d{16}$/;

/** Types a resident files here; a split or a new household is filed at the kelurahan desk. */
const atDesk: readonly ChangeRequestType[] = ['household_split', 'new_household'];

/** Fields a correction may change (registry.contracts.ts): the household's (not its kelurahan) and a member's. */
const householdFields = Object.keys(messages.fields).filter((f) => f !== 'kelurahanCode' && f !== 'status');
const personFields = [
  'nik',
  'name',
  'sex',
  'birthDate',
  'birthPlace',
  'ktpRegionCode',
  'maritalStatus',
  'education',
  'occupation',
  'disability',
  'chronicIllness',
  'schoolEnrolment',
];
const numberFields = new Set(['floorAreaM2', 'electricityVa', 'propertyNjop']);
const booleanFields = new Set([...householdFields.filter((f) => f.startsWith('has')), 'chronicIllness']);
const enumOptions = messages.enums as Record<string, Record<string, string>>;

/** A form id made once per form: the server answers a resubmission with the first request. */
function newClientId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  // randomUUID needs a secure context; getRandomValues does not.
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const initialValues = {
  nik: '',
  kkNumber: '',
  requesterName: '',
  type: 'death' as ChangeRequestType,
  personNik: '',
  date: '',
  destination: '',
  member: {
    name: '',
    nik: '',
    sex: 'M',
    birthDate: '',
    birthPlace: '',
    ktpRegionCode: '',
    relationship: 'child',
    maritalStatus: 'single',
    education: 'none',
    occupation: 'not_working',
    schoolEnrolment: 'not_yet',
  },
  field: 'address',
  value: '',
  otherKkNumber: '',
  targetKkNumber: '',
  programCode: '',
  reason: '',
};
type Values = typeof initialValues;

interface Attachment {
  key: string;
  file: File | null;
  kind: EvidenceKind;
}

/** The request as the server takes it (requests.contracts.ts), members named by NIK. */
function payloadOf(v: Values): Record<string, unknown> {
  const text = (s: string) => (s.trim() ? s.trim() : undefined);
  switch (v.type) {
    case 'death':
      return { personNik: v.personNik, date: v.date };
    case 'move_out':
      return { personNik: v.personNik, date: v.date, destination: text(v.destination) };
    case 'birth':
    case 'move_in':
      return {
        member: {
          ...v.member,
          name: v.member.name.trim(),
          birthPlace: text(v.member.birthPlace) ?? null,
          ktpRegionCode: text(v.member.ktpRegionCode) ?? null,
        },
      };
    case 'correction': {
      const value = numberFields.has(v.field)
        ? Number(v.value)
        : booleanFields.has(v.field)
          ? v.value === 'true'
          : v.value.trim();
      return { personNik: text(v.personNik), field: v.field, value };
    }
    case 'household_merge':
      return { otherKkNumber: v.otherKkNumber };
    case 'recipient_challenge':
      return { targetKkNumber: v.targetKkNumber, programCode: v.programCode.trim(), reason: v.reason.trim() };
    case 'household_split':
    case 'new_household':
      return {};
  }
}

/** The form field a server issue belongs to (`payload.member.nik` → `member.nik`), if the form has it. */
function fieldOfIssue(path: string): string | null {
  const key = path.replace(/^(form|payload)\./, '');
  const [head, tail] = key.split('.');
  if (head === 'member' && tail && tail in initialValues.member) return `member.${tail}`;
  return head && head in initialValues && !tail ? head : null;
}

/** The public self-service page (Layanan Mandiri): a resident files a change request and checks its status. */
export function SelfServicePage() {
  const { t } = useTranslation();
  useDocumentTitle(`${t('selfService.title')} · Tepat`);
  const [statusQuery, setStatusQuery] = useState<{ trackingCode: string; nik: string } | null>(null);
  return (
    <PublicPage width={760}>
      <Stack gap="lg" component="main" data-testid="page-self-service">
        <RequestForm onFiled={setStatusQuery} />
        <StatusCheck key={statusQuery?.trackingCode ?? ''} initial={statusQuery} />
      </Stack>
    </PublicPage>
  );
}

function RequestForm({ onFiled }: { onFiled: (query: { trackingCode: string; nik: string }) => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const submit = useSubmitSelfService();
  const [clientId, setClientId] = useState(newClientId);
  const [files, setFiles] = useState<Attachment[]>([]);
  const [fileError, setFileError] = useState<string | null>(null);
  const form = useForm<Values>({
    initialValues,
    validate: (v) => {
      const required = (s: string) => (s.trim() ? null : t('selfService.required'));
      const digits = (s: string) => (sixteenDigits.test(s) ? null : t('selfService.digits16'));
      const errors: Record<string, string | null> = {
        nik: digits(v.nik),
        kkNumber: digits(v.kkNumber),
      };
      if (v.type === 'death' || v.type === 'move_out') {
        errors.personNik = digits(v.personNik);
        errors.date = required(v.date);
      }
      if (v.type === 'birth' || v.type === 'move_in') {
        errors['member.name'] = required(v.member.name);
        errors['member.nik'] = digits(v.member.nik);
        errors['member.birthDate'] = required(v.member.birthDate);
      }
      if (v.type === 'correction') {
        errors.value = required(v.value);
        if (personFields.includes(v.field)) errors.personNik = digits(v.personNik);
        else if (v.personNik) errors.personNik = digits(v.personNik);
      }
      if (v.type === 'household_merge') errors.otherKkNumber = digits(v.otherKkNumber);
      if (v.type === 'recipient_challenge') {
        errors.targetKkNumber = digits(v.targetKkNumber);
        errors.programCode = required(v.programCode);
        errors.reason = v.reason.trim().length >= 10 ? null : t('selfService.minReason');
      }
      return errors;
    },
  });
  const type = form.values.type;
  const rule = typeRules[type];

  const send = form.onSubmit((values) => {
    const attached = files.filter((f): f is Attachment & { file: File } => f.file !== null);
    if (attached.length < rule.min) {
      setFileError(t('selfService.minimum', { count: rule.min }));
      return;
    }
    setFileError(null);
    submit.mutate(
      {
        nik: values.nik,
        kkNumber: values.kkNumber,
        type: values.type,
        payload: payloadOf(values),
        clientId,
        requesterName: values.requesterName.trim() || undefined,
        files: attached.map(({ file, kind }) => ({ file, kind })),
      },
      {
        onSuccess: (result) => onFiled({ trackingCode: result.trackingCode, nik: values.nik }),
        onError: (error) => {
          if (!(error instanceof ApiError)) return;
          for (const issue of error.issues) {
            const field = fieldOfIssue(issue.path);
            if (field) form.setFieldError(field, issue.message);
          }
        },
      },
    );
  });

  if (submit.data) {
    const filed = submit.data;
    return (
      <Paper withBorder shadow="sm" p="xl" data-testid="self-service-filed">
        <Stack>
          <Title order={1} size="h2">
            {t('selfService.successTitle')}
          </Title>
          <Text c="dimmed">{t(`changeRequest.types.${filed.type}`)}</Text>
          <Paper bg="teal.0" p="md" radius="md">
            <Text size="sm" fw={600}>
              {t('selfService.trackingCode')}
            </Text>
            <Text
              fz={32}
              fw={800}
              ff="monospace"
              style={{ letterSpacing: 2 }}
              data-testid="self-service-tracking-code"
            >
              {filed.trackingCode}
            </Text>
          </Paper>
          <Text>{t('selfService.instructions', { due: format.date(filed.dueAt), cycle: filed.cycle })}</Text>
          <Button
            variant="light"
            w="fit-content"
            onClick={() => {
              submit.reset();
              form.reset();
              setFiles([]);
              setClientId(newClientId());
            }}
          >
            {t('selfService.another')}
          </Button>
        </Stack>
      </Paper>
    );
  }

  const select = (path: string, label: string, options: string[], labels: string) => (
    <NativeSelect
      label={label}
      data={options.map((value) => ({ value, label: t(`${labels}.${value}`, { defaultValue: value }) }))}
      data-testid={`ss-${path}`}
      {...form.getInputProps(path)}
    />
  );
  const input = (path: string, label: string, extra: Record<string, unknown> = {}) => (
    <TextInput label={label} data-testid={`ss-${path}`} {...extra} {...form.getInputProps(path)} />
  );
  const digitsInput = (path: string, label: string, description?: string) =>
    input(path, label, { inputMode: 'numeric', maxLength: 16, description, withAsterisk: true });

  return (
    <Paper withBorder shadow="sm" p="xl">
      <form onSubmit={send} noValidate aria-labelledby="self-service-title">
        <Stack>
          <Title order={1} size="h2" id="self-service-title">
            {t('selfService.title')}
          </Title>
          <Text c="dimmed">{t('selfService.intro')}</Text>

          <Title order={2} size="h4">
            {t('selfService.identity')}
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            {digitsInput('nik', t('selfService.nik'))}
            {digitsInput('kkNumber', t('selfService.kkNumber'))}
          </SimpleGrid>
          {input('requesterName', t('selfService.name'), { autoComplete: 'name' })}

          <Divider />
          <Title order={2} size="h4">
            {t('selfService.details')}
          </Title>
          {select('type', t('selfService.type'), [...changeRequestTypes], 'changeRequest.types')}
          {atDesk.includes(type) ? (
            <Alert color="blue">{t('selfService.atDesk')}</Alert>
          ) : (
            <TypeFields type={type} form={form} select={select} input={input} digitsInput={digitsInput} />
          )}

          <Divider />
          <Title order={2} size="h4">
            {t('selfService.documents')}
          </Title>
          <Text size="sm" data-testid="ss-accepted-kinds">
            {t('selfService.accepted', {
              kinds: rule.accepted.map((k) => t(`changeRequest.kinds.${k}`)).join(', '),
            })}{' '}
            {rule.min > 0 ? t('selfService.minimum', { count: rule.min }) : t('selfService.optional')}
          </Text>
          <Text size="xs" c="dimmed">
            {t('selfService.fileHint')}
          </Text>
          {files.map((attachment, i) => (
            <Group key={attachment.key} align="flex-end" wrap="nowrap" data-testid="ss-file-row">
              <Input.Wrapper label={t('selfService.file', { n: i + 1 })} style={{ flex: 1 }}>
                <input
                  type="file"
                  accept="image/*,application/pdf"
                  data-testid={`ss-file-${i}`}
                  onChange={(e) => {
                    const file = e.currentTarget.files?.[0] ?? null;
                    setFiles((all) => all.map((f) => (f.key === attachment.key ? { ...f, file } : f)));
                  }}
                />
              </Input.Wrapper>
              <NativeSelect
                label={t('selfService.kind')}
                value={attachment.kind}
                data-testid={`ss-kind-${i}`}
                data={evidenceKinds.map((k) => ({
                  value: k,
                  label: t(`changeRequest.kinds.${k}`),
                  disabled: !rule.accepted.includes(k),
                }))}
                onChange={(e) => {
                  const kind = e.currentTarget.value as EvidenceKind;
                  setFiles((all) => all.map((f) => (f.key === attachment.key ? { ...f, kind } : f)));
                }}
              />
              <CloseButton
                aria-label={t('selfService.remove')}
                onClick={() => setFiles((all) => all.filter((f) => f.key !== attachment.key))}
              />
            </Group>
          ))}
          {files.length < 5 && (
            <Button
              variant="default"
              w="fit-content"
              data-testid="ss-add-file"
              onClick={() =>
                setFiles((all) => [
                  ...all,
                  { key: newClientId(), file: null, kind: rule.accepted[0] ?? 'dokumen_pendukung' },
                ])
              }
            >
              {t('selfService.addFile')}
            </Button>
          )}
          {fileError && (
            <Text c="red" size="sm" role="alert">
              {fileError}
            </Text>
          )}

          {submit.error && <SubmitError error={submit.error} />}
          <Button
            type="submit"
            size="md"
            loading={submit.isPending}
            disabled={atDesk.includes(type)}
            data-testid="ss-submit"
          >
            {t('selfService.submit')}
          </Button>
        </Stack>
      </form>
    </Paper>
  );
}

/** The parts of the form the type-specific fields use. */
interface Form {
  values: Values;
  getInputProps: (path: string) => ReturnType<ReturnType<typeof useForm<Values>>['getInputProps']>;
  setFieldValue: (path: 'field' | 'value', value: string) => void;
}

function TypeFields({
  type,
  form,
  select,
  input,
  digitsInput,
}: {
  type: ChangeRequestType;
  form: Form;
  select: (path: string, label: string, options: string[], labels: string) => ReactNode;
  input: (path: string, label: string, extra?: Record<string, unknown>) => ReactNode;
  digitsInput: (path: string, label: string, description?: string) => ReactNode;
}) {
  const { t } = useTranslation();
  const keys = (name: string) => Object.keys(enumOptions[name] ?? {});
  switch (type) {
    case 'death':
    case 'move_out':
      return (
        <>
          {digitsInput('personNik', t('selfService.memberNik'), t('selfService.memberNikHint'))}
          {input('date', t(type === 'death' ? 'selfService.deathDate' : 'selfService.moveDate'), {
            type: 'date',
            withAsterisk: true,
          })}
          {type === 'move_out' && input('destination', t('selfService.destination'))}
        </>
      );
    case 'birth':
    case 'move_in':
      return (
        <>
          <Text fw={600}>{t('selfService.newMember')}</Text>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            {input('member.name', t('personFields.name'), { withAsterisk: true })}
            {digitsInput('member.nik', t('personFields.nik'))}
            {select('member.sex', t('personFields.sex'), keys('sex'), 'enums.sex')}
            {input('member.birthDate', t('personFields.birthDate'), { type: 'date', withAsterisk: true })}
            {input('member.birthPlace', t('personFields.birthPlace'))}
            {select(
              'member.relationship',
              t('personFields.relationship'),
              keys('relationship').filter((r) => r !== 'head'),
              'enums.relationship',
            )}
            {type === 'move_in' && (
              <>
                {input('member.ktpRegionCode', t('personFields.ktpRegionCode'), {
                  description: t('selfService.ktpRegionHint'),
                })}
                {select(
                  'member.maritalStatus',
                  t('personFields.maritalStatus'),
                  keys('maritalStatus'),
                  'enums.maritalStatus',
                )}
                {select(
                  'member.education',
                  t('personFields.education'),
                  keys('education'),
                  'enums.education',
                )}
                {select(
                  'member.occupation',
                  t('personFields.occupation'),
                  keys('occupation'),
                  'enums.occupation',
                )}
                {select(
                  'member.schoolEnrolment',
                  t('personFields.schoolEnrolment'),
                  keys('schoolEnrolment'),
                  'enums.schoolEnrolment',
                )}
              </>
            )}
          </SimpleGrid>
        </>
      );
    case 'correction': {
      const field = form.values.field;
      const label = (f: string) =>
        personFields.includes(f) ? t(`personFields.${f}`) : t(`fields.${f}`, { defaultValue: f });
      return (
        <>
          <NativeSelect
            label={t('selfService.field')}
            data-testid="ss-field"
            data={[
              {
                group: t('selfService.householdFields'),
                items: householdFields.map((f) => ({ value: `${f}`, label: label(f) })),
              },
              {
                group: t('selfService.personFields'),
                items: personFields.map((f) => ({ value: f, label: label(f) })),
              },
            ]}
            {...form.getInputProps('field')}
            onChange={(e) => {
              form.setFieldValue('field', e.currentTarget.value);
              form.setFieldValue('value', '');
            }}
          />
          {booleanFields.has(field) ? (
            <NativeSelect
              label={t('selfService.value')}
              data={[
                { value: '', label: '—' },
                { value: 'true', label: t('common.yes') },
                { value: 'false', label: t('common.no') },
              ]}
              data-testid="ss-value"
              {...form.getInputProps('value')}
            />
          ) : enumOptions[field] && field !== 'status' ? (
            <NativeSelect
              label={t('selfService.value')}
              data={[
                { value: '', label: '—' },
                ...keys(field).map((value) => ({ value, label: t(`enums.${field}.${value}`) })),
              ]}
              data-testid="ss-value"
              {...form.getInputProps('value')}
            />
          ) : (
            input('value', t('selfService.value'), {
              withAsterisk: true,
              type: field === 'birthDate' ? 'date' : numberFields.has(field) ? 'number' : 'text',
            })
          )}
          {input('personNik', t('selfService.memberNik'), {
            inputMode: 'numeric',
            maxLength: 16,
            description: t('selfService.correctionMemberHint'),
          })}
        </>
      );
    }
    case 'household_merge':
      return digitsInput('otherKkNumber', t('selfService.otherKkNumber'));
    case 'recipient_challenge':
      return (
        <>
          {digitsInput('targetKkNumber', t('selfService.targetKkNumber'))}
          {input('programCode', t('selfService.programCode'), {
            description: t('selfService.programCodeHint'),
            withAsterisk: true,
          })}
          <Textarea
            label={t('selfService.reason')}
            autosize
            minRows={3}
            maxLength={2000}
            withAsterisk
            data-testid="ss-reason"
            {...form.getInputProps('reason')}
          />
        </>
      );
    case 'household_split':
    case 'new_household':
      return null;
  }
}

/** Why the request was not taken: who the resident is, or the server's issues as a list. */
function SubmitError({ error }: { error: Error }) {
  const { t } = useTranslation();
  const issues: readonly FieldIssue[] = error instanceof ApiError ? error.issues : [];
  let message: string;
  if (error instanceof ApiError && error.code === 'UNAUTHENTICATED')
    message = t('selfService.identityFailed');
  else if (error instanceof ApiError && t(`errors.${error.code}`, { defaultValue: '' }))
    message = t(`errors.${error.code}`);
  else message = `${t('common.error')}: ${error.message}`;
  return (
    <Alert color="red" title={t('selfService.errorsTitle')} role="alert" data-testid="ss-error">
      <Text size="sm">{message}</Text>
      {issues.length > 0 && (
        <List size="sm" mt="xs">
          {issues.map((issue) => (
            <List.Item key={`${issue.path}:${issue.reason}`}>
              <b>{issue.path.replace(/^(form|payload)\./, '')}</b>: {issue.message}
            </List.Item>
          ))}
        </List>
      )}
    </Alert>
  );
}

function StatusCheck({ initial }: { initial: { trackingCode: string; nik: string } | null }) {
  const { t } = useTranslation();
  const check = useCheckStatus();
  const form = useForm({
    initialValues: initial ?? { trackingCode: '', nik: '' },
    validate: {
      trackingCode: (v) => (v.trim().length >= 6 ? null : t('selfService.required')),
      nik: (v) => (sixteenDigits.test(v) ? null : t('selfService.digits16')),
    },
  });
  const submit = form.onSubmit((values) =>
    check.mutate({ trackingCode: values.trackingCode.trim().toUpperCase(), nik: values.nik }),
  );
  const error = check.error;
  return (
    <Paper withBorder shadow="sm" p="xl" id="cek-status">
      <form onSubmit={submit} noValidate aria-labelledby="status-title">
        <Stack>
          <Title order={2} size="h3" id="status-title">
            {t('selfService.status.title')}
          </Title>
          <Text c="dimmed" size="sm">
            {t('selfService.status.intro')}
          </Text>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput
              label={t('selfService.trackingCode')}
              data-testid="status-tracking-code"
              autoCapitalize="characters"
              {...form.getInputProps('trackingCode')}
            />
            <TextInput
              label={t('selfService.nik')}
              inputMode="numeric"
              maxLength={16}
              data-testid="status-nik"
              {...form.getInputProps('nik')}
            />
          </SimpleGrid>
          <Button
            type="submit"
            variant="light"
            w="fit-content"
            loading={check.isPending}
            data-testid="status-check"
          >
            {t('selfService.status.check')}
          </Button>
          {error && (
            <Alert color="red" role="alert" data-testid="status-error">
              {error instanceof ApiError && (error.code === 'NOT_FOUND' || error.code === 'UNAUTHENTICATED')
                ? t('selfService.status.notFound')
                : error instanceof ApiError && t(`errors.${error.code}`, { defaultValue: '' })
                  ? t(`errors.${error.code}`)
                  : error.message}
            </Alert>
          )}
          {check.data && <StatusResult status={check.data} />}
        </Stack>
      </form>
    </Paper>
  );
}

const statusColors = { submitted: 'blue', verifying: 'yellow', approved: 'teal', rejected: 'red' } as const;

function StatusResult({ status }: { status: PublicStatus }) {
  const { t } = useTranslation();
  const format = useFormat();
  const row = (label: string, value: ReactNode) => (
    <Table.Tr>
      <Table.Th w="40%">{label}</Table.Th>
      <Table.Td>{value}</Table.Td>
    </Table.Tr>
  );
  return (
    <Table data-testid="status-result" data-status={status.status} variant="vertical" withTableBorder>
      <Table.Tbody>
        {row(
          t('selfService.status.status'),
          <Group gap="xs">
            <Badge color={statusColors[status.status]} data-testid="status-value">
              {t(`changeRequest.statuses.${status.status}`)}
            </Badge>
            {status.overdue && <Badge color="red">{t('changeRequest.overdue')}</Badge>}
          </Group>,
        )}
        {row(t('selfService.trackingCode'), status.trackingCode)}
        {row(t('selfService.status.type'), t(`changeRequest.types.${status.type}`))}
        {row(t('selfService.status.cycle'), status.cycle)}
        {row(t('selfService.status.submitted'), format.dateTime(status.submittedAt))}
        {row(t('selfService.status.due'), format.date(status.dueAt))}
        {status.decidedAt && row(t('selfService.status.decided'), format.dateTime(status.decidedAt))}
        {status.decisionNote && row(t('selfService.status.note'), status.decisionNote)}
      </Table.Tbody>
    </Table>
  );
}
