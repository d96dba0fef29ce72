import {
  Accordion,
  Alert,
  Anchor,
  Button,
  Card,
  FileInput,
  Group,
  NativeSelect,
  NumberInput,
  Paper,
  Radio,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { getRouteApi, Link, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldHousehold, FieldMember } from '../../field/db';
import { useOnline } from '../../field/pwa';
import { useHousehold, useSaveVisit } from '../../field/queries';
import {
  buildSubmission,
  countChanges,
  emptyNewMember,
  householdBlocks,
  initialVisit,
  kindOf,
  memberFields,
  optionsOf,
  shrinkPhoto,
  visitOutcomes,
  type MemberForm,
  type NewMemberForm,
  type Presence,
  type VisitForm,
} from '../../field/visit';
import { ageOn } from '../../lib/format';

const layout = getRouteApi('/lapangan');
const route = getRouteApi('/lapangan/rumah/$householdId');

type Location = { latitude: number; longitude: number; accuracyM?: number };
type T = ReturnType<typeof useTranslation>['t'];

const enumOptions = (t: T, group: string) =>
  optionsOf(group as Parameters<typeof optionsOf>[0]).map((value) => ({
    value,
    label: t(`enums.${group}.${value}`, { defaultValue: value }),
  }));

/** One household variable: a list, a number or a yes/no switch. */
function VariableInput({
  field,
  label,
  value,
  onChange,
  testId,
}: {
  field: string;
  label: string;
  value: unknown;
  onChange: (value: unknown) => void;
  testId: string;
}) {
  const { t } = useTranslation();
  switch (kindOf(field)) {
    case 'boolean':
      return (
        <Switch
          label={label}
          checked={value === true}
          onChange={(e) => onChange(e.currentTarget.checked)}
          data-testid={testId}
        />
      );
    case 'number':
    case 'nullableNumber':
      return (
        <NumberInput
          label={label}
          value={typeof value === 'number' ? value : ''}
          min={0}
          decimalSeparator=","
          thousandSeparator="."
          onChange={(v) => onChange(typeof v === 'number' ? v : kindOf(field) === 'number' ? value : null)}
          data-testid={testId}
        />
      );
    case 'enum':
      return (
        <NativeSelect
          label={label}
          value={typeof value === 'string' ? value : ''}
          data={enumOptions(t, field)}
          onChange={(e) => onChange(e.currentTarget.value)}
          data-testid={testId}
        />
      );
  }
}

/** A visit to one household, filled in offline from the phone's copy and queued for upload. */
export function FieldVisitPage() {
  const { t } = useTranslation();
  const { fieldUser } = layout.useRouteContext();
  const { householdId } = route.useParams();
  const household = useHousehold(fieldUser.id, Number(householdId));
  if (household.isPending) return <Text c="dimmed">{t('common.loading')}</Text>;
  if (!household.data)
    return (
      <Alert color="yellow">
        {t('field.visit.notDownloaded')}{' '}
        <Anchor component={Link} to="/lapangan">
          {t('common.back')}
        </Anchor>
      </Alert>
    );
  return <VisitEditor household={household.data} userId={fieldUser.id} />;
}

function VisitEditor({ household, userId }: { household: FieldHousehold; userId: number }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const online = useOnline();
  const save = useSaveVisit(userId);
  const [form, setForm] = useState<VisitForm>(() => initialVisit(household));
  const [photo, setPhoto] = useState<File | null>(null);
  const [location, setLocation] = useState<Location | null>(null);
  const [locating, setLocating] = useState(false);
  const changes = countChanges(household, form);
  const setMember = (personId: number, patch: Partial<MemberForm>) =>
    setForm((f) => ({
      ...f,
      members: f.members.map((m) => (m.personId === personId ? { ...m, ...patch } : m)),
    }));
  const setAdded = (ref: string, patch: Partial<NewMemberForm>) =>
    setForm((f) => ({ ...f, added: f.added.map((m) => (m.ref === ref ? { ...m, ...patch } : m)) }));

  const locate = () => {
    if (!('geolocation' in navigator)) return;
    setLocating(true);
    navigator.geolocation.getCurrentPosition(
      (position) => {
        setLocating(false);
        setLocation({
          latitude: position.coords.latitude,
          longitude: position.coords.longitude,
          accuracyM: Math.round(position.coords.accuracy),
        });
      },
      () => {
        setLocating(false);
        notifications.show({ color: 'yellow', message: t('field.visit.locationFailed') });
      },
      { enableHighAccuracy: true, timeout: 20_000, maximumAge: 60_000 },
    );
  };

  const submit = async () => {
    const clientId = crypto.randomUUID();
    const capturedAt = new Date().toISOString();
    const submission = buildSubmission(household, form, {
      clientId,
      capturedAt,
      ...(location ? { location } : {}),
    });
    const image = photo ? await shrinkPhoto(photo) : null;
    await save.mutateAsync({
      clientId,
      householdId: household.id,
      createdAt: capturedAt,
      submission,
      photo: image,
      photoName: photo ? photo.name.replace(/\.[^.]+$/, '') + '.jpg' : null,
      evidenceIds: [],
      state: 'queued',
      submissionId: null,
      conflicts: [],
      error: null,
      lastAttemptAt: null,
    });
    notifications.show({
      color: 'teal',
      message: online ? t('field.visit.savedOnline') : t('field.visit.savedOffline'),
    });
    await navigate({ to: '/lapangan' });
  };

  return (
    <Stack gap="sm" data-testid="page-field-visit" data-household-id={household.id}>
      <Anchor component={Link} to="/lapangan" size="sm" w="fit-content">
        ← {t('field.households.title')}
      </Anchor>
      <Paper withBorder p="sm">
        <Title order={1} size="h4">
          {household.address}
        </Title>
        <Text size="xs" c="dimmed">
          {t('household.rtRw', { rt: household.rt, rw: household.rw })} ·{' '}
          {t('household.kk', { kk: household.kkNumber })} ·{' '}
          {t('household.version', { version: household.version })}
        </Text>
      </Paper>

      <Paper withBorder p="sm">
        <Radio.Group
          label={t('field.visit.outcome')}
          value={form.outcome}
          onChange={(value) => setForm((f) => ({ ...f, outcome: value }))}
        >
          <Stack gap={6} mt={6}>
            {visitOutcomes.map((outcome) => (
              <Radio
                key={outcome}
                value={outcome}
                label={t(`field.outcomes.${outcome}`)}
                data-testid={`visit-outcome-${outcome}`}
              />
            ))}
          </Stack>
        </Radio.Group>
      </Paper>

      <Paper withBorder p="sm">
        <Title order={2} size="h5" mb="xs">
          {t('household.members.title')}
        </Title>
        <Stack gap="sm">
          {household.members.map((member) => (
            <MemberEditor
              key={member.personId}
              member={member}
              form={form.members.find((m) => m.personId === member.personId)!}
              onChange={(patch) => setMember(member.personId, patch)}
            />
          ))}
          {form.added.map((added) => (
            <NewMemberEditor
              key={added.ref}
              member={added}
              onChange={(patch) => setAdded(added.ref, patch)}
              onRemove={() => setForm((f) => ({ ...f, added: f.added.filter((m) => m.ref !== added.ref) }))}
            />
          ))}
          <Button
            variant="light"
            size="sm"
            w="fit-content"
            onClick={() =>
              setForm((f) => ({ ...f, added: [...f.added, emptyNewMember(`baru-${f.added.length + 1}`)] }))
            }
          >
            {t('field.visit.addMember')}
          </Button>
        </Stack>
      </Paper>

      <Paper withBorder p="sm">
        <Title order={2} size="h5" mb="xs">
          {t('household.attributes.title')}
        </Title>
        <Accordion variant="separated">
          <Accordion.Item value="address">
            <Accordion.Control>{t('fields.address')}</Accordion.Control>
            <Accordion.Panel>
              <Stack gap="xs">
                <TextInput
                  label={t('fields.address')}
                  value={form.address.address}
                  onChange={(e) => {
                    const address = e.currentTarget.value;
                    setForm((f) => ({ ...f, address: { ...f.address, address } }));
                  }}
                />
                <Group grow>
                  {(['rt', 'rw'] as const).map((field) => (
                    <TextInput
                      key={field}
                      label={t(`fields.${field}`)}
                      inputMode="numeric"
                      value={form.address[field]}
                      onChange={(e) => {
                        const value = e.currentTarget.value;
                        setForm((f) => ({ ...f, address: { ...f.address, [field]: value } }));
                      }}
                    />
                  ))}
                </Group>
              </Stack>
            </Accordion.Panel>
          </Accordion.Item>
          {Object.entries(householdBlocks).map(([block, fields]) => (
            <Accordion.Item key={block} value={block}>
              <Accordion.Control>{t(`household.attributes.${block}`)}</Accordion.Control>
              <Accordion.Panel>
                <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="xs">
                  {fields.map((field) => (
                    <VariableInput
                      key={field}
                      field={field}
                      label={t(`fields.${field}`)}
                      value={form.household[field]}
                      testId={`visit-household-${field}`}
                      onChange={(value) =>
                        setForm((f) => ({ ...f, household: { ...f.household, [field]: value } }))
                      }
                    />
                  ))}
                </SimpleGrid>
              </Accordion.Panel>
            </Accordion.Item>
          ))}
        </Accordion>
      </Paper>

      <Paper withBorder p="sm">
        <Stack gap="xs">
          <Textarea
            label={t('field.visit.notes')}
            autosize
            minRows={2}
            maxLength={2000}
            value={form.notes}
            onChange={(e) => {
              const notes = e.currentTarget.value;
              setForm((f) => ({ ...f, notes }));
            }}
            data-testid="visit-notes"
          />
          <FileInput
            label={t('field.visit.photo')}
            description={t('field.visit.photoHint')}
            accept="image/jpeg,image/png"
            capture="environment"
            clearable
            value={photo}
            onChange={setPhoto}
            data-testid="visit-photo"
          />
          <Group gap="xs">
            <Button variant="default" size="sm" loading={locating} onClick={locate}>
              {t('field.visit.locate')}
            </Button>
            <Text size="xs" c="dimmed">
              {location
                ? t('field.visit.location', {
                    latitude: location.latitude.toFixed(5),
                    longitude: location.longitude.toFixed(5),
                    accuracy: location.accuracyM ?? '?',
                  })
                : t('field.visit.noLocation')}
            </Text>
          </Group>
        </Stack>
      </Paper>

      <Paper withBorder p="sm">
        <Text size="sm" mb="xs" data-testid="visit-change-count" data-count={changes}>
          {t('field.visit.changes', { count: changes })}
        </Text>
        <Button fullWidth loading={save.isPending} onClick={() => void submit()} data-testid="visit-save">
          {t('field.visit.save')}
        </Button>
      </Paper>
    </Stack>
  );
}

function MemberEditor({
  member,
  form,
  onChange,
}: {
  member: FieldMember;
  form: MemberForm;
  onChange: (patch: Partial<MemberForm>) => void;
}) {
  const { t } = useTranslation();
  const presenceOptions: Presence[] = ['present', 'moved_out', 'died'];
  return (
    <Card withBorder padding="sm" data-testid="visit-member" data-person-id={member.personId}>
      <Text fw={600}>{member.name}</Text>
      <Text size="xs" c="dimmed" mb={6}>
        {t(`enums.relationship.${member.relationship}`, { defaultValue: member.relationship })} ·{' '}
        {t(`enums.sex.${member.sex}`, { defaultValue: member.sex })} ·{' '}
        {t('common.years', { count: ageOn(member.birthDate) })}
      </Text>
      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="xs">
        <NativeSelect
          label={t('field.visit.presence')}
          value={form.presence}
          data={presenceOptions.map((value) => ({ value, label: t(`field.presence.${value}`) }))}
          onChange={(e) => onChange({ presence: e.currentTarget.value as Presence })}
          data-testid={`visit-member-${member.personId}-presence`}
        />
        {form.presence !== 'present' && (
          <TextInput
            type="date"
            label={t('field.visit.leaveDate')}
            value={form.leaveDate}
            max={new Date().toISOString().slice(0, 10)}
            onChange={(e) => onChange({ leaveDate: e.currentTarget.value })}
          />
        )}
        {form.presence === 'present' &&
          memberFields.map((field) => (
            <VariableInput
              key={field}
              field={field}
              label={t(`personFields.${field}`)}
              value={form.fields[field]}
              testId={`visit-member-${member.personId}-${field}`}
              onChange={(value) => onChange({ fields: { ...form.fields, [field]: value } })}
            />
          ))}
      </SimpleGrid>
    </Card>
  );
}

function NewMemberEditor({
  member,
  onChange,
  onRemove,
}: {
  member: NewMemberForm;
  onChange: (patch: Partial<NewMemberForm>) => void;
  onRemove: () => void;
}) {
  const { t } = useTranslation();
  const select = (field: keyof NewMemberForm, group: string) => (
    <NativeSelect
      label={t(`personFields.${field}`)}
      value={member[field]}
      data={enumOptions(t, group)}
      onChange={(e) => onChange({ [field]: e.currentTarget.value })}
    />
  );
  return (
    <Card withBorder padding="sm" bg="yellow.0" data-testid="visit-new-member">
      <Group justify="space-between" mb={6}>
        <Text fw={600}>{t('field.visit.newMember')}</Text>
        <Button size="compact-xs" variant="subtle" color="red" onClick={onRemove}>
          {t('field.visit.removeMember')}
        </Button>
      </Group>
      <Text size="xs" c="dimmed" mb={6}>
        {t('field.visit.newMemberHint')}
      </Text>
      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="xs">
        <TextInput
          label={t('personFields.name')}
          required
          value={member.name}
          onChange={(e) => onChange({ name: e.currentTarget.value })}
        />
        <TextInput
          label={t('personFields.nik')}
          required
          inputMode="numeric"
          maxLength={16}
          value={member.nik}
          onChange={(e) => onChange({ nik: e.currentTarget.value.replace(/\D/g, '') })}
        />
        {select('sex', 'sex')}
        <TextInput
          type="date"
          label={t('personFields.birthDate')}
          required
          value={member.birthDate}
          onChange={(e) => onChange({ birthDate: e.currentTarget.value })}
        />
        {select('relationship', 'relationship')}
        {select('maritalStatus', 'maritalStatus')}
        {select('education', 'education')}
        {select('occupation', 'occupation')}
        {select('schoolEnrolment', 'schoolEnrolment')}
      </SimpleGrid>
    </Card>
  );
}
