import { Paper, SimpleGrid, Stack, Text, Title, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { HouseholdAttributes, HouseholdProfile } from '../api/types';
import { useFormat } from '../lib/format';
import { attributeGroups, displayValue } from '../lib/values';

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
