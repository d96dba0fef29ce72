import { z } from '@hono/zod-openapi';
import type { NikIssue } from './nik.ts';
import type { NikValidation } from './registry.service.ts';
import type { WriteResult } from './registry-write.service.ts';

const FieldIssueSchema = z.object({ path: z.string(), reason: z.string(), message: z.string() });

export const WriteResultSchema = z
  .object({
    householdId: z.number().int(),
    personId: z.number().int().optional(),
    version: z.number().int().openapi({ description: 'Send it as baseVersion with the next change' }),
    validFrom: z.string(),
    changedFields: z.array(z.string()),
    warnings: z
      .array(FieldIssueSchema)
      .openapi({ description: 'Accepted but doubtful values (e.g. unknown_district)' }),
  })
  .openapi('RegistryWriteResult');

/** The outcome of a create or change. */
export function presentWriteResult(
  result: WriteResult & { personId?: number },
): z.infer<typeof WriteResultSchema> {
  const { householdId, personId, version, validFrom, changedFields, warnings } = result;
  return {
    householdId,
    ...(personId === undefined ? {} : { personId }),
    version,
    validFrom,
    changedFields,
    warnings: warnings.map(({ path, reason, message }) => ({ path, reason, message })),
  };
}

const NikIssueSchema = z.object({ reason: z.string(), message: z.string() });

export const NikValidationSchema = z
  .object({
    ok: z
      .boolean()
      .openapi({ description: 'True when the NIK is valid and agrees with the given sex and birth date' }),
    nik: z.string(),
    issues: z.array(NikIssueSchema),
    warnings: z.array(NikIssueSchema),
    decoded: z
      .object({
        provinceCode: z.string(),
        regencyCode: z.string(),
        districtCode: z.string(),
        sex: z.enum(['M', 'F']),
        birthDate: z
          .string()
          .nullable()
          .openapi({ description: 'Settled by the given birth date when it matches' }),
        birthDateCandidates: z.array(z.string()),
        sequence: z.string(),
      })
      .nullable(),
  })
  .openapi('NikValidation');

const presentIssue = ({ reason, message }: NikIssue) => ({ reason, message });

/** A NIK check for the client: the decoded parts and every problem, with stable reason codes. */
export function presentNikValidation(validation: NikValidation): z.infer<typeof NikValidationSchema> {
  const { nik } = validation;
  if (validation.check === null) {
    return {
      ok: false,
      nik,
      issues: validation.parsed.issues.map(presentIssue),
      warnings: [],
      decoded: null,
    };
  }
  const { parsed, check } = validation;
  const { provinceCode, regencyCode, districtCode, sex, birthDateCandidates, sequence } = parsed;
  return {
    ok: check.issues.length === 0,
    nik,
    issues: check.issues.map(presentIssue),
    warnings: parsed.warnings.map(presentIssue),
    decoded: {
      provinceCode,
      regencyCode,
      districtCode,
      sex,
      birthDate: check.resolvedBirthDate ?? parsed.birthDate,
      birthDateCandidates,
      sequence,
    },
  };
}
