import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../../http/context.ts';
import { createRouter, errorResponses, json } from '../../http/openapi.ts';
import { clientAddressOf, requireUser } from '../access/access.middleware.ts';
import {
  AssignBody,
  AssignedHouseholdListSchema,
  AssignmentSchema,
  ConsentBody,
  ConsentSchema,
  ContributionsQuery,
  ContributionsSchema,
  DeliveryReportBody,
  DeliveryReportResultSchema,
  HouseholdIdParam,
  IdParam,
  NeedsQuery,
  NeedsSchema,
  OrganisationBody,
  OrganisationListSchema,
  OrganisationSchema,
  OverlapAnswerSchema,
  OverlapCheckBody,
  PledgeBody,
  PledgeListQuery,
  PledgeListSchema,
  PledgeSchema,
  PledgeStatusBody,
  WithdrawBody,
} from './partners.contracts.ts';
import { publishedNeeds } from './partners.needs.ts';
import { checkOverlap } from './partners.overlap.ts';
import {
  assignHousehold,
  changePledgeStatus,
  createPledge,
  listAssignedHouseholds,
  listConsents,
  listContributions,
  listOrganisations,
  listPledges,
  readAssignedHousehold,
  recordConsent,
  reportDeliveries,
  saveOrganisation,
  withdrawPartnerConsent,
} from './partners.service.ts';

const tags = ['partners'];
const db = (c: Context<AppEnv>) => c.get('ctx').database.db;
const jsonBody = <T>(schema: T) => ({ required: true, content: { 'application/json': { schema } } });
const rateLimited = {
  429: { description: 'Too many checks; `details.retryAfterSeconds` says when to try again' },
} as const;

const organisations = createRoute({
  method: 'get',
  path: '/partners/organisations',
  tags,
  summary: 'Partner organisations (a partner sees its own)',
  responses: { 200: json(OrganisationListSchema, 'The organisations'), ...errorResponses },
});

const saveOrg = createRoute({
  method: 'post',
  path: '/partners/organisations',
  tags,
  summary: 'Register or update a partner organisation (secretariat); its code is what its users carry',
  request: { body: jsonBody(OrganisationBody) },
  responses: { 200: json(OrganisationSchema, 'The organisation'), ...errorResponses },
});

const pledges = createRoute({
  method: 'get',
  path: '/partners/pledges',
  tags,
  summary: 'Pledges with realised value and households reached (a partner sees its own)',
  request: { query: PledgeListQuery },
  responses: { 200: json(PledgeListSchema, 'The pledges'), ...errorResponses },
});

const pledge = createRoute({
  method: 'post',
  path: '/partners/pledges',
  tags,
  summary: 'Record a pledge: pillar, program, plan activity, locations, amount and/or households, period',
  request: { body: jsonBody(PledgeBody) },
  responses: { 201: json(PledgeSchema, 'The pledge'), ...errorResponses },
});

const pledgeStatus = createRoute({
  method: 'post',
  path: '/partners/pledges/{id}/status',
  tags,
  summary: 'Move a pledge: pledged → active → fulfilled, or withdrawn',
  request: { params: IdParam, body: jsonBody(PledgeStatusBody) },
  responses: { 200: json(PledgeSchema, 'The pledge'), ...errorResponses },
});

const consent = createRoute({
  method: 'post',
  path: '/partners/consents',
  tags,
  summary: 'Record a household’s consent to a partner for a pillar and purpose (operators of its area)',
  request: { body: jsonBody(ConsentBody) },
  responses: { 201: json(ConsentSchema, 'The consent'), ...errorResponses },
});

const consents = createRoute({
  method: 'get',
  path: '/partners/consents',
  tags,
  summary: 'A household’s partner consents, open and withdrawn (audited)',
  request: { query: HouseholdIdParam },
  responses: {
    200: json(z.object({ items: z.array(ConsentSchema) }), 'The consents'),
    ...errorResponses,
  },
});

const withdraw = createRoute({
  method: 'post',
  path: '/partners/consents/{id}/withdraw',
  tags,
  summary: 'Withdraw a consent: its assignments end and the partner sees nothing of the household',
  request: { params: IdParam, body: jsonBody(WithdrawBody) },
  responses: { 200: json(ConsentSchema, 'The consent'), ...errorResponses },
});

const assign = createRoute({
  method: 'post',
  path: '/partners/assignments',
  tags,
  summary: 'Assign a household to a pledge, only under its open consent for the partner and pillar',
  request: { body: jsonBody(AssignBody) },
  responses: { 200: json(AssignmentSchema, 'The assignment'), ...errorResponses },
});

const households = createRoute({
  method: 'get',
  path: '/partners/households',
  tags,
  summary: 'The partner’s assigned households with consent in effect: the delivery fields only (audited)',
  responses: { 200: json(AssignedHouseholdListSchema, 'The households'), ...errorResponses },
});

const household = createRoute({
  method: 'get',
  path: '/partners/households/{householdId}',
  tags,
  summary: 'One assigned household’s delivery fields, one item per assignment (404 without consent)',
  request: { params: HouseholdIdParam },
  responses: { 200: json(AssignedHouseholdListSchema, 'Its assignments'), ...errorResponses },
});

const deliveries = createRoute({
  method: 'post',
  path: '/partners/deliveries',
  tags,
  summary: 'Report deliveries to assigned households; they enter the ledger with the partner as provider',
  request: { body: jsonBody(DeliveryReportBody) },
  responses: { 200: json(DeliveryReportResultSchema, 'What was recorded'), ...errorResponses },
});

const overlap = createRoute({
  method: 'post',
  path: '/partners/overlap-check',
  tags,
  summary: 'Is this NIK already served in the pillar? Yes or no, nothing else (throttled, audited)',
  request: { body: jsonBody(OverlapCheckBody) },
  responses: { 200: json(OverlapAnswerSchema, 'The answer'), ...errorResponses, ...rateLimited },
});

const needs = createRoute({
  method: 'get',
  path: '/partners/needs',
  tags,
  summary:
    'Published needs: desil 1–4 and extreme-poor households not reached, by area and pillar (counts under 10 and their complements suppressed as null)',
  request: { query: NeedsQuery },
  responses: { 200: json(NeedsSchema, 'The region and its child areas, per pillar'), ...errorResponses },
});

const contributions = createRoute({
  method: 'get',
  path: '/partners/contributions',
  tags,
  summary: 'Delivered value and households per partner, pillar and area',
  request: { query: ContributionsQuery },
  responses: { 200: json(ContributionsSchema, 'Contributions'), ...errorResponses },
});

/** Partner routes (mounted under /api/v1). */
export function partnersRoutes() {
  const router = createRouter();
  router.openapi(organisations, async (c) => c.json(await listOrganisations(db(c), requireUser(c)), 200));
  router.openapi(saveOrg, async (c) =>
    c.json(await saveOrganisation(db(c), requireUser(c), c.req.valid('json')), 200),
  );
  router.openapi(pledges, async (c) =>
    c.json(await listPledges(db(c), requireUser(c), c.req.valid('query').organisation), 200),
  );
  router.openapi(pledge, async (c) =>
    c.json(await createPledge(db(c), requireUser(c), c.req.valid('json')), 201),
  );
  router.openapi(pledgeStatus, async (c) =>
    c.json(
      await changePledgeStatus(db(c), requireUser(c), c.req.valid('param').id, c.req.valid('json').status),
      200,
    ),
  );
  router.openapi(consent, async (c) =>
    c.json(await recordConsent(db(c), requireUser(c), c.req.valid('json')), 201),
  );
  router.openapi(consents, async (c) =>
    c.json(await listConsents(db(c), requireUser(c), c.req.valid('query').householdId), 200),
  );
  router.openapi(withdraw, async (c) =>
    c.json(
      await withdrawPartnerConsent(
        db(c),
        requireUser(c),
        c.req.valid('param').id,
        c.req.valid('json').reason,
      ),
      200,
    ),
  );
  router.openapi(assign, async (c) =>
    c.json(await assignHousehold(db(c), requireUser(c), c.req.valid('json')), 200),
  );
  router.openapi(households, async (c) => c.json(await listAssignedHouseholds(db(c), requireUser(c)), 200));
  router.openapi(household, async (c) =>
    c.json(await readAssignedHousehold(db(c), requireUser(c), c.req.valid('param').householdId), 200),
  );
  router.openapi(deliveries, async (c) =>
    c.json(await reportDeliveries(db(c), requireUser(c), c.req.valid('json')), 200),
  );
  router.openapi(overlap, async (c) =>
    c.json(
      await checkOverlap(db(c), requireUser(c), {
        ...c.req.valid('json'),
        clientAddress: clientAddressOf(c),
      }),
      200,
    ),
  );
  router.openapi(needs, async (c) =>
    c.json(await publishedNeeds(db(c), requireUser(c), c.req.valid('query').region), 200),
  );
  router.openapi(contributions, async (c) =>
    c.json(await listContributions(db(c), requireUser(c), c.req.valid('query').region), 200),
  );
  return router;
}
