import { z } from '@hono/zod-openapi';
import { PageQuery } from '../../http/openapi.ts';
import { regionCodePattern } from '../regions/region-codes.ts';
import { enums } from './registry.schema.ts';

/** Sources a user may name for a change (provenance); `kelurahan-desk` when none is given. */
export const writeSources = [
  'kelurahan-desk',
  'field-verification',
  'musyawarah-kelurahan',
  'dukcapil-sync',
  'change-request',
] as const;

const sixteenDigits = z.string().regex(/^\d{16}$/, 'must be exactly 16 digits');
const RegionCode = z.string().regex(regionCodePattern, 'must be a dotted Kemendagri code such as 31.71.01');
const KelurahanCode = z
  .string()
  .regex(/^\d{2}\.\d{2}\.\d{2}\.\d{4}$/, 'must be a kelurahan code such as 31.71.01.1001')
  .openapi({ example: '31.72.01.1001' });
// NIK and KK are checked by parseNik/parseKk, which name the reason (length, not_digits, invalid_day, …).
const IdentityNumber = z.string().max(64);
const RtRw = z
  .string()
  .regex(/^\d{1,3}$/, 'must be 1–3 digits')
  .openapi({ example: '005' });
const IsoDate = z.iso.date().openapi({ example: '1985-08-15' });
const Purpose = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .optional()
  .openapi({ description: 'Why the personal data is accessed; written to the audit log' });
const ChangeMeta = {
  source: z.enum(writeSources).default('kelurahan-desk'),
  reason: z.string().trim().min(1).max(500).optional(),
  purpose: Purpose,
};

export const HouseholdIdParam = z.object({
  id: z.coerce
    .number()
    .int()
    .positive()
    .openapi({ param: { name: 'id', in: 'path' }, example: 1 }),
});
export const PersonIdParam = z.object({
  personId: z.coerce
    .number()
    .int()
    .positive()
    .openapi({ param: { name: 'personId', in: 'path' }, example: 1 }),
});

export const SearchQuery = PageQuery.extend({
  nik: sixteenDigits.optional().openapi({ description: 'Exact NIK' }),
  kk: sixteenDigits.optional().openapi({ description: 'Exact KK number' }),
  name: z.string().trim().min(2).max(100).optional().openapi({ description: 'Name, tolerant of spelling' }),
  region: RegionCode.optional().openapi({
    description: 'Kemendagri code; required for a name search over a whole province',
  }),
  purpose: Purpose,
});

/** The search list as a file: the search's criteria (no paging: every match) and a required purpose. */
export const SearchExportQuery = SearchQuery.pick({ nik: true, kk: true, name: true, region: true }).extend({
  purpose: z
    .string()
    .trim()
    .min(10)
    .max(500)
    .openapi({ description: 'Why the list is exported (at least 10 characters); written to the audit log' }),
});

export const ProfileQuery = z.object({
  asOf: z.iso
    .datetime({ offset: true })
    .optional()
    .openapi({ description: 'Read the household as it was then' }),
  purpose: Purpose,
});
export const HistoryQuery = z.object({ purpose: Purpose });

/** Household fields as a client sends them (the Regsosek housing and asset blocks, domain brief §3.3). */
export const householdFieldSchemas = {
  kkNumber: IdentityNumber.openapi({ example: '3172010101200001' }),
  kelurahanCode: KelurahanCode,
  rw: RtRw,
  rt: RtRw,
  address: z.string().trim().min(1).max(300),
  tenure: z.enum(enums.tenure),
  floorAreaM2: z.number().positive().max(100_000),
  floorMaterial: z.enum(enums.floorMaterial),
  wallMaterial: z.enum(enums.wallMaterial),
  roofMaterial: z.enum(enums.roofMaterial),
  waterSource: z.enum(enums.waterSource),
  lightingSource: z.enum(enums.lightingSource),
  electricityVa: z.number().int().min(0).max(1_000_000).nullable(),
  cookingFuel: z.enum(enums.cookingFuel),
  toiletFacility: z.enum(enums.toiletFacility),
  hasRefrigerator: z.boolean(),
  hasAirConditioner: z.boolean(),
  hasMotorcycle: z.boolean(),
  hasCar: z.boolean(),
  hasComputer: z.boolean(),
  hasGold: z.boolean(),
  hasLand: z.boolean(),
  propertyNjop: z.number().min(0).nullable().openapi({ description: 'Tax value of property owned, Rp' }),
};

export const personFieldSchemas = {
  nik: IdentityNumber.openapi({ example: '3172015508850042' }),
  name: z.string().trim().min(1).max(200),
  sex: z.enum(enums.sex),
  birthDate: IsoDate,
  birthPlace: z.string().trim().min(1).max(100).nullable(),
  ktpRegionCode: RegionCode.nullable().openapi({
    description: 'Region of the KTP address (may lie outside Jakarta)',
  }),
  maritalStatus: z.enum(enums.maritalStatus),
  education: z.enum(enums.education),
  occupation: z.enum(enums.occupation),
  disability: z.enum(enums.disability),
  chronicIllness: z.boolean(),
  schoolEnrolment: z.enum(enums.schoolEnrolment),
};

export const NewMemberBody = z.strictObject({
  ...personFieldSchemas,
  birthPlace: personFieldSchemas.birthPlace.default(null),
  ktpRegionCode: personFieldSchemas.ktpRegionCode.default(null),
  disability: personFieldSchemas.disability.default('none'),
  chronicIllness: personFieldSchemas.chronicIllness.default(false),
  relationship: z.enum(enums.relationship),
  startDate: IsoDate.optional().openapi({ description: 'Membership start; default today' }),
});

export const CreateHouseholdBody = z
  .strictObject({
    ...householdFieldSchemas,
    electricityVa: householdFieldSchemas.electricityVa.default(null),
    propertyNjop: householdFieldSchemas.propertyNjop.default(null),
    members: z.array(NewMemberBody).min(1).max(40),
    ...ChangeMeta,
  })
  .openapi('CreateHousehold');

const BaseVersion = z.number().int().min(1).openapi({ description: 'The version the change was made on' });

export const PatchHouseholdBody = z
  .strictObject({
    baseVersion: BaseVersion,
    ...z.object(householdFieldSchemas).partial().shape,
    ...ChangeMeta,
  })
  .openapi('PatchHousehold');

export const PatchPersonBody = z
  .strictObject({ baseVersion: BaseVersion, ...z.object(personFieldSchemas).partial().shape, ...ChangeMeta })
  .openapi('PatchPerson');

export const ValidateNikBody = z
  .strictObject({ nik: IdentityNumber, sex: z.enum(enums.sex).optional(), birthDate: IsoDate.optional() })
  .openapi('ValidateNik');

export type SearchQueryInput = z.infer<typeof SearchQuery>;
export type CreateHouseholdInput = z.infer<typeof CreateHouseholdBody>;
export type NewMemberInput = z.infer<typeof NewMemberBody>;
export type PatchHouseholdInput = z.infer<typeof PatchHouseholdBody>;
export type PatchPersonInput = z.infer<typeof PatchPersonBody>;
