import type { useTranslation } from 'react-i18next';
import type { HouseholdAttributes } from '../api/types';
import type { useFormat } from './format';

/** The Regsosek blocks (domain brief §3.3), in form order; enum fields name their label list in the i18n files. */
export const attributeGroups: Record<string, readonly (keyof HouseholdAttributes)[]> = {
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

/** A registry value as people read it: yes/no, units, or the label of a coded value (`enums.<field>`). */
export function displayValue(
  field: string,
  value: unknown,
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
      return typeof value === 'object'
        ? JSON.stringify(value)
        : t(`enums.${field}.${String(value as string)}`, { defaultValue: String(value as string) });
  }
}
