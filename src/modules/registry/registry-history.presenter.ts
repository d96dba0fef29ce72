import { z } from '@hono/zod-openapi';
import type { HistoryEntry } from './registry.service.ts';

export const HistorySchema = z
  .object({
    householdId: z.number().int(),
    currentVersion: z.number().int(),
    versions: z.array(
      z.object({
        version: z.number().int(),
        validFrom: z.string(),
        validTo: z.string().nullable().openapi({ description: 'Null for the current version' }),
        changedBy: z.object({ id: z.number().int(), name: z.string().nullable() }).nullable(),
        source: z.string(),
        reason: z.string().nullable(),
        changedFields: z.array(z.string()).openapi({
          description: 'Household fields by name; person fields as members.<personId>.<field>',
        }),
      }),
    ),
  })
  .openapi('HouseholdHistory');

/** The version history, newest first. */
export function presentHistory(
  householdId: number,
  history: { currentVersion: number; entries: HistoryEntry[]; actorNames: Map<number, string> },
): z.infer<typeof HistorySchema> {
  return {
    householdId,
    currentVersion: history.currentVersion,
    versions: history.entries.map((e) => ({
      version: e.version,
      validFrom: e.validFrom,
      validTo: e.validTo,
      changedBy:
        e.changedBy === null ? null : { id: e.changedBy, name: history.actorNames.get(e.changedBy) ?? null },
      source: e.source,
      reason: e.reason,
      changedFields: e.changedFields,
    })),
  };
}
