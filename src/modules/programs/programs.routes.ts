import { createRoute, z } from '@hono/zod-openapi';
import { AppError } from '../../http/errors.ts';
import { createRouter, errorResponses, json } from '../../http/openapi.ts';
import { requireUser } from '../access/access.middleware.ts';
import { todayInJakarta } from '../welfare/welfare.features.ts';
import {
  presentAmount,
  presentBudget,
  presentProgram,
  presentRule,
  presentSummary,
  ProgramDetailSchema,
  ProgramSummarySchema,
  RuleSchema,
} from './programs.presenter.ts';
import {
  getProgramDetail,
  listProgramCatalogue,
  listProgramRules,
  saveProgramRule,
} from './programs.service.ts';

// The catalogue is not personal data: every signed-in role may read it (issue 3). Only the secretariat and the
// program's own agency may change a rule (checked in the service against the program's agency).

const ProgramCode = z
  .string()
  .regex(/^[A-Z][A-Z0-9_]{1,39}$/, 'must be an upper-case program code such as KJP_PLUS')
  .openapi({ example: 'KLJ' });
const CodeParam = z.object({ code: ProgramCode });
const AsOf = z.iso
  .date()
  .optional()
  .openapi({ description: 'Date of the current amounts; default today (Jakarta)' });

const list = createRoute({
  method: 'get',
  path: '/programs',
  tags: ['programs'],
  summary: 'The program catalogue with current amounts per component and the active rule version',
  request: {
    query: z.object({
      pillar: z.coerce.number().int().min(1).max(4).optional(),
      agency: z
        .string()
        .regex(/^[A-Z]{2,20}$/, 'must be an upper-case agency code such as DINSOS')
        .optional(),
      date: AsOf,
    }),
  },
  responses: {
    200: json(z.object({ programs: z.array(ProgramSummarySchema) }), 'Programs'),
    ...errorResponses,
  },
});

const detail = createRoute({
  method: 'get',
  path: '/programs/{code}',
  tags: ['programs'],
  summary: 'A program with its amount history, budgets and rule versions',
  request: { params: CodeParam, query: z.object({ date: AsOf }) },
  responses: { 200: json(ProgramDetailSchema, 'The program'), ...errorResponses },
});

const rules = createRoute({
  method: 'get',
  path: '/programs/{code}/rules',
  tags: ['programs'],
  summary: 'Eligibility rule versions of a program, newest first',
  request: { params: CodeParam },
  responses: { 200: json(z.object({ rules: z.array(RuleSchema) }), 'Rule versions'), ...errorResponses },
});

const saveRule = createRoute({
  method: 'post',
  path: '/programs/{code}/rules',
  tags: ['programs'],
  summary: 'Save a new eligibility rule version and make it active (secretariat or the program’s agency)',
  request: {
    params: CodeParam,
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z.object({
            ruleText: z
              .string()
              .min(1)
              .max(4000)
              .openapi({ example: 'age >= 60 and desil <= 4 and ktp_dki' }),
          }),
        },
      },
    },
  },
  responses: {
    201: json(RuleSchema, 'The new active version'),
    ...errorResponses,
  },
});

/** Routes of the programs module (mounted under /api/v1). */
export function programsRoutes() {
  const router = createRouter();

  router.openapi(list, async (c) => {
    requireUser(c);
    const { date, ...filter } = c.req.valid('query');
    const rows = await listProgramCatalogue(c.get('ctx').database.db, filter, date ?? todayInJakarta());
    return c.json({ programs: rows.map(presentSummary) }, 200);
  });

  router.openapi(detail, async (c) => {
    requireUser(c);
    const date = c.req.valid('query').date ?? todayInJakarta();
    const found = await getProgramDetail(c.get('ctx').database.db, c.req.valid('param').code, date);
    return c.json(
      {
        ...presentProgram(found.program),
        currentAmounts: found.currentAmounts.map(presentAmount),
        amounts: found.amounts.map(presentAmount),
        budgets: found.budgets.map(presentBudget),
        rules: found.rules.map(presentRule),
      },
      200,
    );
  });

  router.openapi(rules, async (c) => {
    requireUser(c);
    const rows = await listProgramRules(c.get('ctx').database.db, c.req.valid('param').code);
    return c.json({ rules: rows.map(presentRule) }, 200);
  });

  router.openapi(saveRule, async (c) => {
    const user = requireUser(c);
    if (user.role !== 'secretariat' && user.role !== 'agency')
      throw new AppError(
        'FORBIDDEN',
        'Only the secretariat or the program’s own agency may change its rule.',
      );
    const { code } = c.req.valid('param');
    const saved = await saveProgramRule(c.get('ctx').database.db, user, code, c.req.valid('json').ruleText);
    return c.json(presentRule(saved), 201);
  });

  return router;
}
