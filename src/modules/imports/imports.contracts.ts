import { z } from '@hono/zod-openapi';
import { PageQuery } from '../../http/openapi.ts';
import { importModes, importStatuses } from './imports.schema.ts';

const fileField = (description: string) =>
  z
    .instanceof(File, { message: 'must be a CSV or XLSX file' })
    .openapi({ type: 'string', format: 'binary', description });

/** The upload form of `POST /imports`. */
export const UploadForm = z.object({
  householdFile: fileField(
    'Household file: .csv (`,` or `;`, UTF-8) or .xlsx (sheet `households`, else the first sheet); DTSEN headers',
  ),
  personFile: fileField(
    'Person file (.csv or .xlsx, sheet `persons`); may be left out when the household file is a workbook holding both sheets',
  ).optional(),
  name: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,60}$/, 'use 1–60 letters, digits, `_`, `.` or `-`')
    .default('dtsen')
    .openapi({ description: 'Source name: the imported rows carry `import:<name>`', example: 'dtsen' }),
  extractDate: z.iso
    .date()
    .refine((d) => d <= new Date().toISOString().slice(0, 10), 'must not be in the future')
    .openapi({ description: 'Date of the extract; its changes are valid from it', example: '2026-01-31' }),
  mode: z.enum(importModes).default('valid-only'),
});

export const StartedImportSchema = z
  .object({ runId: z.number().int(), jobId: z.number().int() })
  .openapi('StartedImport');

export const ImportJobSchema = z
  .object({
    id: z.number().int(),
    status: z.enum(['queued', 'running', 'succeeded', 'failed']),
    progress: z.number().int(),
    total: z.number().int().nullable(),
    message: z.string().nullable(),
  })
  .openapi('ImportJob');

export const ImportRunSchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    extractDate: z.string(),
    mode: z.enum(importModes),
    status: z.enum(importStatuses),
    areaCode: z.string().nullable().openapi({ description: 'Region the run may write; null: the province' }),
    counts: z.record(z.string(), z.number()).openapi({
      description:
        'householdRows, personRows, errors, householdsNew/Changed/Unchanged/Stale/Held, and once applied householdsInserted, personsInserted, …',
    }),
    errorCount: z.number().int(),
    error: z.string().nullable().openapi({ description: 'Why the run failed, when it did' }),
    createdBy: z.string().nullable().openapi({ description: 'Who started it (display name); null: the CLI' }),
    createdAt: z.string(),
    finishedAt: z.string().nullable(),
    job: ImportJobSchema.nullable().openapi({ description: 'The background job of a web upload' }),
  })
  .openapi('ImportRun');

export const ImportRunListSchema = z
  .object({ items: z.array(ImportRunSchema), total: z.number().int() })
  .openapi('ImportRunList');

export const ImportRunsQuery = PageQuery;

export const ImportRunParams = z.object({
  id: z.coerce
    .number()
    .int()
    .positive()
    .max(2_147_483_647)
    .openapi({ param: { name: 'id', in: 'path' } }),
});

export type ImportRunView = z.infer<typeof ImportRunSchema>;
