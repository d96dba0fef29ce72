import { z } from '@hono/zod-openapi';
import type { WelfareRow } from './registry-history.repository.ts';
import type { HouseholdProfile } from './registry.service.ts';
import { householdFields, personFields, type MemberRecord, type ProvenanceMap } from './registry.state.ts';

// Presenters decide, field by field, what leaves the server (style.md habit 5): a new column never reaches a
// client by accident. The zod schemas below document the same shapes in OpenAPI.

const ProvenanceSchema = z.object({
  source: z.string(),
  actorId: z.number().int().nullable(),
  actorName: z.string().nullable(),
  at: z.string().openapi({ description: 'When the value was recorded (ISO 8601)' }),
});
const ProvenanceMapSchema = z.record(z.string(), ProvenanceSchema).openapi({
  description: 'Per field: who recorded the value, from which source, when',
});
export const RegionRefSchema = z.object({ code: z.string(), name: z.string() });

const WelfareSchema = z.object({
  snapshotId: z.number().int(),
  snapshotDate: z.string(),
  modelVersion: z.string(),
  desil: z.number().int().openapi({ description: '1 = poorest 10 %' }),
  score: z.number().openapi({ description: 'Predicted log per-capita consumption' }),
  isExtremePoor: z.boolean(),
});

const MemberSchema = z.object({
  personId: z.number().int(),
  nik: z.string(),
  name: z.string(),
  sex: z.enum(['M', 'F']),
  birthDate: z.string(),
  birthPlace: z.string().nullable(),
  ktpRegionCode: z.string().nullable(),
  maritalStatus: z.string(),
  education: z.string(),
  occupation: z.string(),
  disability: z.string(),
  chronicIllness: z.boolean(),
  schoolEnrolment: z.string(),
  status: z.string(),
  relationship: z.string(),
  startDate: z.string(),
  endDate: z.string().nullable(),
  position: z.number().int(),
  provenance: ProvenanceMapSchema,
});

const AttributesSchema = z
  .object({
    tenure: z.string(),
    floorAreaM2: z.number(),
    floorMaterial: z.string(),
    wallMaterial: z.string(),
    roofMaterial: z.string(),
    waterSource: z.string(),
    lightingSource: z.string(),
    electricityVa: z.number().int().nullable(),
    cookingFuel: z.string(),
    toiletFacility: z.string(),
    hasRefrigerator: z.boolean(),
    hasAirConditioner: z.boolean(),
    hasMotorcycle: z.boolean(),
    hasCar: z.boolean(),
    hasComputer: z.boolean(),
    hasGold: z.boolean(),
    hasLand: z.boolean(),
    propertyNjop: z.number().nullable(),
  })
  .openapi({
    description: 'Housing, utility and asset variables (domain brief §3.3); coded values from `enums`',
  });

export const HouseholdProfileSchema = z
  .object({
    id: z.number().int(),
    version: z.number().int(),
    validFrom: z.string(),
    asOf: z.string().nullable(),
    isCurrent: z.boolean().openapi({ description: 'False when an older version was read with asOf' }),
    kkNumber: z.string(),
    status: z.string(),
    region: z.object({
      kelurahan: RegionRefSchema,
      kecamatan: RegionRefSchema.nullable(),
      kota: RegionRefSchema.nullable(),
    }),
    rw: z.string(),
    rt: z.string(),
    address: z.string(),
    source: z.string(),
    createdAt: z.string(),
    attributes: AttributesSchema,
    provenance: ProvenanceMapSchema,
    members: z.array(MemberSchema),
    welfare: z.object({ current: WelfareSchema.nullable(), history: z.array(WelfareSchema) }),
  })
  .openapi('HouseholdProfile');

type Names = Map<number, string>;

/** Provenance of every listed field; a field never changed carries the record's own source and start. */
function presentProvenance(
  fields: readonly string[],
  stored: ProvenanceMap,
  fallback: { source: string; at: string },
  names: Names,
) {
  return Object.fromEntries(
    fields.map((f) => {
      const entry = stored[f] ?? { ...fallback, actorId: null };
      const actorName = entry.actorId === null ? null : (names.get(entry.actorId) ?? null);
      return [f, { source: entry.source, actorId: entry.actorId, actorName, at: entry.at }];
    }),
  );
}

function presentMember(m: MemberRecord, names: Names): z.infer<typeof MemberSchema> {
  const p = m.person;
  return {
    personId: p.id,
    nik: p.nik,
    name: p.name,
    sex: p.sex,
    birthDate: p.birthDate,
    birthPlace: p.birthPlace,
    ktpRegionCode: p.ktpRegionCode,
    maritalStatus: p.maritalStatus,
    education: p.education,
    occupation: p.occupation,
    disability: p.disability,
    chronicIllness: p.chronicIllness,
    schoolEnrolment: p.schoolEnrolment,
    status: p.status,
    relationship: m.relationship,
    startDate: m.startDate,
    endDate: m.endDate,
    position: m.position,
    provenance: presentProvenance(personFields, p.provenance, { source: p.source, at: p.createdAt }, names),
  };
}

function presentWelfare(w: WelfareRow): z.infer<typeof WelfareSchema> {
  const { snapshotId, snapshotDate, modelVersion, desil, score, isExtremePoor } = w;
  return { snapshotId, snapshotDate, modelVersion, desil, score, isExtremePoor };
}

/** The household profile: attributes, members, per-field provenance and desil history. */
export function presentProfile(profile: HouseholdProfile): z.infer<typeof HouseholdProfileSchema> {
  const { household: h, members } = profile.state;
  const byLevel = (level: string) => {
    const found = profile.regionPath.find((r) => r.level === level);
    return found ? { code: found.code, name: found.name } : null;
  };
  const fallback = { source: h.source, at: profile.firstValidFrom };
  return {
    id: h.id,
    version: h.version,
    validFrom: h.validFrom,
    asOf: profile.asOf,
    isCurrent: profile.isCurrent,
    kkNumber: h.kkNumber,
    status: h.status,
    region: {
      kelurahan: byLevel('kelurahan') ?? { code: h.kelurahanCode, name: h.kelurahanCode },
      kecamatan: byLevel('kecamatan'),
      kota: byLevel('kota'),
    },
    rw: h.rw,
    rt: h.rt,
    address: h.address,
    source: h.source,
    createdAt: h.createdAt,
    attributes: {
      tenure: h.tenure,
      floorAreaM2: h.floorAreaM2,
      floorMaterial: h.floorMaterial,
      wallMaterial: h.wallMaterial,
      roofMaterial: h.roofMaterial,
      waterSource: h.waterSource,
      lightingSource: h.lightingSource,
      electricityVa: h.electricityVa,
      cookingFuel: h.cookingFuel,
      toiletFacility: h.toiletFacility,
      hasRefrigerator: h.hasRefrigerator,
      hasAirConditioner: h.hasAirConditioner,
      hasMotorcycle: h.hasMotorcycle,
      hasCar: h.hasCar,
      hasComputer: h.hasComputer,
      hasGold: h.hasGold,
      hasLand: h.hasLand,
      propertyNjop: h.propertyNjop,
    },
    provenance: presentProvenance(householdFields, h.provenance, fallback, profile.actorNames),
    members: members.map((m) => presentMember(m, profile.actorNames)),
    welfare: {
      current: profile.welfare[0] ? presentWelfare(profile.welfare[0]) : null,
      history: profile.welfare.map(presentWelfare),
    },
  };
}
