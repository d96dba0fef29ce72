import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import type { Hook } from '@hono/zod-openapi';
import type { AppEnv } from './context.ts';
import { validationError } from './errors.ts';

/** Turns zod issues into field issues whose path names where the bad value was (`query.page`, `body.nik`). */
export function zodIssuesToFields(issues: readonly z.core.$ZodIssue[], target: string) {
  return issues.map((issue) => ({
    path: [target, ...issue.path.map(String)].join('.'),
    reason: issue.code,
    message: issue.message,
  }));
}

/** Validation failures of any route become one 400 naming the field. */
const defaultHook: Hook<unknown, AppEnv, string, unknown> = (result) => {
  if (!result.success) {
    // Hono calls a JSON body's target `json`; clients know it as the body.
    const target = result.target === 'json' ? 'body' : result.target;
    throw validationError(zodIssuesToFields(result.error.issues, target));
  }
};

/** A router whose routes validate and document themselves through zod contracts. */
export function createRouter() {
  return new OpenAPIHono<AppEnv>({ defaultHook });
}

/** The error response every route may return, documented once. */
export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: 'VALIDATION_FAILED' }),
      message: z.string(),
      details: z.unknown().optional(),
    }),
  })
  .openapi('Error');

const errorContent = { 'application/json': { schema: ErrorSchema } };

/** Standard error responses for a route: merge into `responses`. */
export const errorResponses = {
  400: { description: 'Invalid input; `details.issues` names each field', content: errorContent },
  401: { description: 'Not signed in', content: errorContent },
  403: { description: 'Outside the user’s role or area', content: errorContent },
  404: { description: 'Not found (or outside the user’s area)', content: errorContent },
} as const;

/** Pagination query shared by list endpoints. */
export const PageQuery = z.object({
  page: z.coerce.number().int().min(1).default(1).openapi({ example: 1 }),
  pageSize: z.coerce.number().int().min(1).max(100).default(20).openapi({ example: 20 }),
});

/** A documented JSON response of a route: its schema and what it is. */
export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

/**
 * For upload routes: a body that is not multipart/form-data is refused with a 400 naming the body (the route's
 * form validation would otherwise not run and the handler would find no form).
 */
/** An OpenAPI response body that is a file of `type` (an attachment: exports and reports). */
export const binaryContent = (type: string) => ({
  [type]: { schema: z.string().openapi({ format: 'binary' }) },
});

export const requireMultipart: MiddlewareHandler<AppEnv> = async (c, next) => {
  const type = c.req.header('content-type') ?? '';
  if (c.req.method === 'POST' && !type.toLowerCase().startsWith('multipart/form-data'))
    throw validationError(
      [{ path: 'body', reason: 'not_multipart', message: 'Send the form as multipart/form-data.' }],
      'Send the form as multipart/form-data.',
    );
  await next();
};
