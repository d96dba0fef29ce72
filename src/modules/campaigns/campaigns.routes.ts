import { createRoute } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../../http/context.ts';
import { createRouter, errorResponses, json } from '../../http/openapi.ts';
import { requireUser } from '../access/access.middleware.ts';
import {
  AssignBody,
  AssignResultSchema,
  CampaignIdParam,
  CampaignListQuery,
  CampaignListSchema,
  CampaignPreviewSchema,
  CampaignProgressSchema,
  CampaignSchema,
  CampaignStatusBody,
  CreateCampaignBody,
  OfficerListSchema,
} from './campaigns.contracts.ts';
import {
  assignCampaign,
  campaignOfficers,
  campaignProgress,
  changeCampaignStatus,
  createCampaign,
  listVisibleCampaigns,
  previewCampaign,
  readCampaign,
} from './campaigns.service.ts';

const tags = ['campaigns'];
const db = (c: Context<AppEnv>) => c.get('ctx').database.db;
const jsonBody = <T>(schema: T) => ({ required: true, content: { 'application/json': { schema } } });

const list = createRoute({
  method: 'get',
  path: '/campaigns',
  tags,
  summary: 'Verification campaigns overlapping the caller’s area, newest first',
  request: { query: CampaignListQuery },
  responses: { 200: json(CampaignListSchema, 'One page of campaigns'), ...errorResponses },
});

const create = createRoute({
  method: 'post',
  path: '/campaigns',
  tags,
  summary: 'Create a verification campaign (draft) in the caller’s area: purpose, area, period and criteria',
  request: { body: jsonBody(CreateCampaignBody) },
  responses: { 201: json(CampaignSchema, 'The campaign'), ...errorResponses },
});

const officers = createRoute({
  method: 'get',
  path: '/campaigns/officers',
  tags,
  summary:
    'Active field officers who can be assigned households in the caller’s area, with their current load',
  responses: { 200: json(OfficerListSchema, 'The officers'), ...errorResponses },
});

const read = createRoute({
  method: 'get',
  path: '/campaigns/{id}',
  tags,
  summary: 'One verification campaign',
  request: { params: CampaignIdParam },
  responses: { 200: json(CampaignSchema, 'The campaign'), ...errorResponses },
});

const status = createRoute({
  method: 'post',
  path: '/campaigns/{id}/status',
  tags,
  summary: 'Activate or close a campaign (draft → active → closed), by staff whose area holds all of it',
  request: { params: CampaignIdParam, body: jsonBody(CampaignStatusBody) },
  responses: { 200: json(CampaignSchema, 'The campaign'), ...errorResponses },
});

const preview = createRoute({
  method: 'get',
  path: '/campaigns/{id}/preview',
  tags,
  summary: 'How many households the criteria match now, by kelurahan and RW, and how many are assigned',
  request: { params: CampaignIdParam },
  responses: { 200: json(CampaignPreviewSchema, 'Counts within the caller’s area'), ...errorResponses },
});

const assign = createRoute({
  method: 'post',
  path: '/campaigns/{id}/assignments',
  tags,
  summary:
    'Assign matching households to field officers by kelurahan or RW up to each quota (an active campaign; never a household twice)',
  request: { params: CampaignIdParam, body: jsonBody(AssignBody) },
  responses: { 200: json(AssignResultSchema, 'What each line got'), ...errorResponses },
});

const progress = createRoute({
  method: 'get',
  path: '/campaigns/{id}/progress',
  tags,
  summary: 'Assigned, visited, approved and remaining households per officer and per kelurahan and RW',
  request: { params: CampaignIdParam },
  responses: { 200: json(CampaignProgressSchema, 'Counts within the caller’s area'), ...errorResponses },
});

/** Verification campaign routes (mounted under /api/v1). */
export function campaignsRoutes() {
  const router = createRouter();
  router.openapi(list, async (c) =>
    c.json(await listVisibleCampaigns(db(c), requireUser(c), c.req.valid('query')), 200),
  );
  router.openapi(create, async (c) =>
    c.json(await createCampaign(db(c), requireUser(c), c.req.valid('json')), 201),
  );
  // Before /campaigns/{id}, so "officers" is not read as an id.
  router.openapi(officers, async (c) => c.json(await campaignOfficers(db(c), requireUser(c)), 200));
  router.openapi(read, async (c) =>
    c.json(await readCampaign(db(c), requireUser(c), c.req.valid('param').id), 200),
  );
  router.openapi(status, async (c) =>
    c.json(
      await changeCampaignStatus(db(c), requireUser(c), c.req.valid('param').id, c.req.valid('json').status),
      200,
    ),
  );
  router.openapi(preview, async (c) =>
    c.json(await previewCampaign(db(c), requireUser(c), c.req.valid('param').id), 200),
  );
  router.openapi(assign, async (c) =>
    c.json(await assignCampaign(db(c), requireUser(c), c.req.valid('param').id, c.req.valid('json')), 200),
  );
  router.openapi(progress, async (c) =>
    c.json(await campaignProgress(db(c), requireUser(c), c.req.valid('param').id), 200),
  );
  return router;
}
