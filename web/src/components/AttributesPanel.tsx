import { Paper, SimpleGrid, Stack, Text, Title, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { HouseholdAttributes, HouseholdProfile } from '../api/types';
import { useFormat } from '../lib/format';

/** The Regsosek blocks (domain brief §3.3), in form order; enum fields name their label list in the i18n files. */
const attributeGroups: Record<string, readonly (keyof HouseholdAttributes)[]> = {
  housing: ['tenure', 'floorAreaM2', 'floorMaterial', 'wallMaterial', 'roofMaterial'],
  utilities: ['waterSource', 'lightingSource', 'electricityVa', 'cookingFuel', 'toiletFacility'],
  assets: [
    'hasRefrigerator',
    'hasAirConditioner',
    'hasMotorcycle',
    'hasCar',
    'hasComputer',
    'hasGold',
    'hasLand',
    'propertyNjop',
  ],
};

type AttributeValue = HouseholdAttributes[keyof HouseholdAttributes];

/** Household conditions by block; every value says where it came from and when. */
export function AttributesPanel({ household }: { household: HouseholdProfile }) {
  const { t } = useTranslation();
  return (
    <Paper withBorder p={{ base: 'sm', sm: 'md' }} data-testid="household-attributes">
      <Title order={2} size="h4" mb="sm">
        {t('household.attributes.title')}
      </Title>
      <Stack gap="lg">
        {Object.entries(attributeGroups).map(([group, fields]) => (
          <section key={group} aria-labelledby={`attributes-${group}`}>
            <Title order={3} size="h6" c="teal.9" mb={6} id={`attributes-${group}`}>
              {t(`household.attributes.${group}`)}
            </Title>
            <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm" verticalSpacing="xs">
              {fields.map((field) => (
                <AttributeField key={field} field={field} household={household} />
              ))}
            </SimpleGrid>
          </section>
        ))}
      </Stack>
    </Paper>
  );
}

function AttributeField({
  field,
  household,
}: {
  field: keyof HouseholdAttributes;
  household: HouseholdProfile;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const value = household.attributes[field];
  const provenance = household.provenance[field];
  const source = provenance ? t(`sources.${provenance.source}`, { defaultValue: provenance.source }) : null;
  return (
    <div data-testid={`attribute-${field}`}>
      <Text size="xs" c="dimmed">
        {t(`fields.${field}`)}
      </Text>
      <Text size="sm" fw={500}>
        {displayValue(field, value, t, format)}
      </Text>
      {provenance && source && (
        <Tooltip
          label={
            provenance.actorName
              ? t('household.attributes.provenanceBy', {
                  source,
                  name: provenance.actorName,
                  date: format.dateTime(provenance.at),
                })
              : t('household.attributes.provenance', { source, date: format.dateTime(provenance.at) })
          }
        >
          <Text size="xs" c="dimmed" data-testid={`provenance-${field}`} tabIndex={0} w="fit-content">
            {t('household.attributes.provenanceShort', { source, date: format.date(provenance.at) })}
          </Text>
        </Tooltip>
      )}
    </div>
  );
}

function displayValue(
  field: string,
  value: AttributeValue | undefined,
  t: ReturnType<typeof useTranslation>['t'],
  format: ReturnType<typeof useFormat>,
): string {
  if (value === null || value === undefined || value === '') return t('common.none');
  if (typeof value === 'boolean') return value ? t('common.yes') : t('common.no');
  switch (field) {
    case 'floorAreaM2':
      return t('units.m2', { value: format.number(Number(value), 1) });
    case 'electricityVa':
      return t('units.va', { value: format.number(Number(value)) });
    case 'propertyNjop':
      return t('units.rupiah', { value: format.number(Number(value)) });
    default:
      return t(`enums.${field}.${String(value)}`, { defaultValue: String(value) });
  }
}
