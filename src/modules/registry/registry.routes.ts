import { createRoute, z } from '@hono/zod-openapi';
import { binaryContent, createRouter, errorResponses, ErrorSchema, json } from '../../http/openapi.ts';
import { listContentTypes, type ListFormat } from '../../http/list-file.ts';
import { requireUser } from '../access/access.middleware.ts';
import {
  CreateHouseholdBody,
  HistoryQuery,
  HouseholdIdParam,
  PatchHouseholdBody,
  PatchPersonBody,
  PersonIdParam,
  ProfileQuery,
  SearchExportQuery,
  SearchQuery,
  ValidateNikBody,
} from './registry.contracts.ts';
import { exportSearchList, searchExportCap } from './registry-export.ts';
import { HouseholdProfileSchema, presentProfile } from './registry.presenter.ts';
import { presentSearchResult, SearchResultSchema } from './registry-search.presenter.ts';
import { HistorySchema, presentHistory } from './registry-history.presenter.ts';
import {
  NikValidationSchema,
  presentNikValidation,
  presentWriteResult,
  WriteResultSchema,
} from './registry-write.presenter.ts';
import {
  readHouseholdHistory,
  readHouseholdProfile,
  searchRegistry,
  validateNik,
} from './registry.service.ts';
import { createHousehold } from './registry-write.service.ts';
import { updateHouseholdFields, updatePersonFields } from './registry-update.service.ts';

const body = <T extends z.ZodType>(schema: T) => ({
  required: true,
  content: { 'application/json': { schema } },
});
const conflict = {
  409: json(
    ErrorSchema,
    'VERSION_CONFLICT: baseVersion is stale (details.currentVersion), or CONFLICT: KK number taken',
  ),
};

const search = createRoute({
  method: 'get',
  path: '/households',
  tags: ['registry'],
  summary: 'Find households by exact NIK, exact KK number, or name within a region (tolerant of spelling)',
  request: { query: SearchQuery },
  responses: { 200: json(SearchResultSchema, 'One page of households, best match first'), ...errorResponses },
});

/** The search list as a file of one format; both formats share the query and the service. */
const searchExport = (format: ListFormat) =>
  createRoute({
    method: 'get',
    path: `/households/export.${format}`,
    tags: ['registry'],
    summary: `Every household the search finds in the caller’s scope as ${format.toUpperCase()} (at most ${searchExportCap.toLocaleString('en')}; purpose required; every household audited as an export)`,
    request: { query: SearchExportQuery },
    responses: {
      200: { description: 'The file, as an attachment', content: binaryContent(listContentTypes[format]) },
      ...errorResponses,
    },
  });

const profile = createRoute({
  method: 'get',
  path: '/households/{id}',
  tags: ['registry'],
  summary: 'A household profile: members, attributes, provenance and desil history; `asOf` reads the past',
  request: { params: HouseholdIdParam, query: ProfileQuery },
  responses: { 200: json(HouseholdProfileSchema, 'The household'), ...errorResponses },
});

const history = createRoute({
  method: 'get',
  path: '/households/{id}/history',
  tags: ['registry'],
  summary: 'The versions of a household: who changed what, when, from which source',
  request: { params: HouseholdIdParam, query: HistoryQuery },
  responses: { 200: json(HistorySchema, 'Versions, newest first'), ...errorResponses },
});

const create = createRoute({
  method: 'post',
  path: '/households',
  tags: ['registry'],
  summary: 'Register a household with its members',
  request: { body: body(CreateHouseholdBody) },
  responses: { 201: json(WriteResultSchema, 'Created (version 1)'), ...errorResponses, ...conflict },
});

const patchHousehold = createRoute({
  method: 'patch',
  path: '/households/{id}',
  tags: ['registry'],
  summary: 'Change household fields (optimistic concurrency on baseVersion); the old state stays readable',
  request: { params: HouseholdIdParam, body: body(PatchHouseholdBody) },
  responses: { 200: json(WriteResultSchema, 'The new version'), ...errorResponses, ...conflict },
});

const patchPerson = createRoute({
  method: 'patch',
  path: '/persons/{personId}',
  tags: ['registry'],
  summary: "Change a person's fields; baseVersion is the version of the person's household",
  request: { params: PersonIdParam, body: body(PatchPersonBody) },
  responses: { 200: json(WriteResultSchema, "The household's new version"), ...errorResponses, ...conflict },
});

const nikValidate = createRoute({
  method: 'post',
  path: '/nik/validate',
  tags: ['registry'],
  summary: 'Check a NIK (and its agreement with a sex and birth date); touches no personal data',
  request: { body: body(ValidateNikBody) },
  responses: { 200: json(NikValidationSchema, 'The verdict, valid or not'), ...errorResponses },
});

/** Routes of the registry module (mounted under /api/v1). */
export function registryRoutes() {
  const router = createRouter();

  router.openapi(search, async (c) => {
    const result = await searchRegistry(c.get('ctx').database.db, requireUser(c), c.req.valid('query'));
    return c.json(presentSearchResult(result), 200);
  });

  // Before /households/{id}, which would otherwise take `export.csv` for an id.
  for (const format of ['csv', 'xlsx'] as const)
    router.openapi(searchExport(format), async (c) => {
      const query = c.req.valid('query');
      const file = await exportSearchList(c.get('ctx').database.db, requireUser(c), format, query);
      return c.body(file.body as Uint8Array<ArrayBuffer>, 200, {
        'Content-Type': file.contentType,
        'Content-Disposition': `attachment; filename="${file.fileName}"`,
        'Cache-Control': 'no-store',
      });
    });
  router.openapi(profile, async (c) => {
    const found = await readHouseholdProfile(
      c.get('ctx').database.db,
      requireUser(c),
      c.req.valid('param').id,
      c.req.valid('query'),
    );
    return c.json(presentProfile(found), 200);
  });

  router.openapi(history, async (c) => {
    const { id } = c.req.valid('param');
    const found = await readHouseholdHistory(
      c.get('ctx').database.db,
      requireUser(c),
      id,
      c.req.valid('query'),
    );
    return c.json(presentHistory(id, found), 200);
  });

  router.openapi(create, async (c) => {
    const result = await createHousehold(c.get('ctx').database.db, requireUser(c), c.req.valid('json'));
    return c.json(presentWriteResult(result), 201);
  });

  router.openapi(patchHousehold, async (c) => {
    const result = await updateHouseholdFields(
      c.get('ctx').database.db,
      requireUser(c),
      c.req.valid('param').id,
      c.req.valid('json'),
    );
    return c.json(presentWriteResult(result), 200);
  });

  router.openapi(patchPerson, async (c) => {
    const result = await updatePersonFields(
      c.get('ctx').database.db,
      requireUser(c),
      c.req.valid('param').personId,
      c.req.valid('json'),
    );
    return c.json(presentWriteResult(result), 200);
  });

  router.openapi(nikValidate, (c) => {
    requireUser(c);
    return c.json(presentNikValidation(validateNik(c.req.valid('json'))), 200);
  });

  return router;
}
