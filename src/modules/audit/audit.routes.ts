import { createRoute, z } from '@hono/zod-openapi';
import { createRouter, errorResponses, PageQuery } from '../../http/openapi.ts';
import { requireUser } from '../access/access.middleware.ts';
import { requirePermission } from '../access/access.policy.ts';
import { listAuditTrail } from './audit.repository.ts';
import { verifyAuditChain } from './audit.service.ts';

const token = z.string().regex(/^[a-z_]{1,32}$/);
/** An ISO date (`2026-01-31`, midnight UTC) or date-time with offset. */
const Instant = z
  .union([z.iso.date(), z.iso.datetime({ offset: true })])
  .transform((value) => new Date(value))
  .openapi({ type: 'string', example: '2026-01-31T00:00:00Z' });

const AuditQuery = PageQuery.extend({
  subjectType: token.optional().openapi({ example: 'household' }),
  subjectId: z.string().min(1).max(64).optional().openapi({ example: '1042' }),
  actorId: z.coerce.number().int().positive().optional(),
  action: token.optional().openapi({ example: 'read' }),
  from: Instant.optional().openapi({ description: 'Inclusive' }),
  to: Instant.optional().openapi({ description: 'Exclusive' }),
});

const AuditEntrySchema = z
  .object({
    id: z.number().int(),
    at: z.string(),
    actor: z
      .object({
        id: z.number().int(),
        username: z.string().nullable(),
        displayName: z.string().nullable(),
        role: z.string().nullable(),
      })
      .nullable(),
    action: z.string(),
    subjectType: z.string(),
    subjectId: z.string().nullable(),
    regionCode: z.string().nullable(),
    purpose: z.string(),
    details: z.unknown(),
  })
  .openapi('AuditEntry');

const listAudit = createRoute({
  method: 'get',
  path: '/audit',
  tags: ['audit'],
  summary: 'The audit trail: who read or changed which family’s data, when and why (inspector, secretariat)',
  request: { query: AuditQuery },
  responses: {
    200: {
      description: 'A page of audit entries, newest first',
      content: {
        'application/json': {
          schema: z.object({
            items: z.array(AuditEntrySchema),
            total: z.number().int(),
            page: z.number().int(),
            pageSize: z.number().int(),
          }),
        },
      },
    },
    ...errorResponses,
  },
});

const verifyAudit = createRoute({
  method: 'get',
  path: '/audit/verify',
  tags: ['audit'],
  summary: 'Re-computes the hash chain of the audit log (inspector, secretariat)',
  responses: {
    200: {
      description: 'The first row whose hash does not match, or null when the chain is intact',
      content: {
        'application/json': {
          schema: z.object({
            intact: z.boolean(),
            checked: z.number().int(),
            firstBrokenId: z.number().int().nullable(),
          }),
        },
      },
    },
    ...errorResponses,
  },
});

type AuditRow = Awaited<ReturnType<typeof listAuditTrail>>['items'][number];

/** What an inspector sees of an audit row (hashes stay inside; /audit/verify checks them). */
function presentAuditEntry(row: AuditRow) {
  return {
    id: row.id,
    at: row.at.toISOString(),
    actor:
      row.actorId === null
        ? null
        : {
            id: row.actorId,
            username: row.actorUsername,
            displayName: row.actorDisplayName,
            role: row.actorRole,
          },
    action: row.action,
    subjectType: row.subjectType,
    subjectId: row.subjectId,
    regionCode: row.regionCode,
    purpose: row.purpose,
    details: row.details,
  };
}

/** Routes of the audit module (mounted under /api/v1). */
export function auditRoutes() {
  const router = createRouter();

  router.openapi(listAudit, async (c) => {
    requirePermission(requireUser(c), 'audit.read');
    const { page, pageSize, ...filter } = c.req.valid('query');
    const { items, total } = await listAuditTrail(c.get('ctx').database.db, filter, { page, pageSize });
    return c.json({ items: items.map(presentAuditEntry), total, page, pageSize }, 200);
  });

  router.openapi(verifyAudit, async (c) => {
    requirePermission(requireUser(c), 'audit.read');
    const result = await verifyAuditChain(c.get('ctx').database.db);
    return c.json({ intact: result.firstBrokenId === null, ...result }, 200);
  });

  return router;
}
