import { beforeAll, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { ensureDemoUsers } from '../../src/modules/access/access.demo.ts';
import {
  insertTestRegions,
  loginAs,
  request,
  type TestSession,
} from '../../src/modules/access/access.test-support.ts';
import { describeEachDatabase } from '../support/database.ts';

/**
 * Every endpoint of the OpenAPI document, called with malformed parameters and bodies by a signed-in user:
 * the answer is a 4xx in the one error shape, and a 400 names the field — never a 500.
 */
const password = 'malformed-password';

interface Operation {
  method: string;
  path: string;
  parameters: { name: string; in: 'path' | 'query' }[];
  hasBody: boolean;
}

type OpenApiDocument = {
  paths: Record<string, Record<string, { parameters?: Operation['parameters']; requestBody?: unknown }>>;
};

function operationsOf(document: OpenApiDocument) {
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    if (!path.startsWith('/api/v1/')) continue;
    for (const [method, operation] of Object.entries(item)) {
      operations.push({
        method: method.toUpperCase(),
        path,
        parameters: operation.parameters ?? [],
        hasBody: operation.requestBody !== undefined,
      });
    }
  }
  return operations;
}

const garbage = ["x'; DROP TABLE person;--", '-1', '1e309', '%00', 'ü'.repeat(300)];

describeEachDatabase(
  'malformed input on every endpoint',
  (env) => {
    let app: ReturnType<typeof createApp>;
    let session: TestSession;
    let operations: Operation[];

    beforeAll(async () => {
      app = createApp(env().ctx);
      session = await loginAs(app, 'sekretariat', password);
      operations = operationsOf((await (await app.request('/api/openapi.json')).json()) as OpenApiDocument);
    });

    async function expectClientError(response: Response, label: string) {
      expect(response.status, label).toBeGreaterThanOrEqual(400);
      expect(response.status, label).toBeLessThan(500);
      const body = (await response.json()) as {
        error?: { code?: string; details?: { issues?: { path: string }[] } };
      };
      expect(body.error?.code, label).toMatch(/^[A-Z_]+$/);
      if (response.status === 400) expect(body.error?.details?.issues?.[0]?.path, label).toBeTruthy();
    }

    it('covers the registry, regions, welfare, audit and access endpoints', () => {
      const paths = operations.map((o) => o.path).join(' ');
      for (const part of ['/households', '/regions', '/welfare', '/audit', '/auth/login', '/jobs'])
        expect(paths).toContain(part);
    });

    it('answers malformed path and query parameters with a 4xx naming the field', async () => {
      // Operations without parameters have none to malform (their bodies are the next test's).
      for (const operation of operations.filter((o) => o.parameters.length > 0)) {
        for (const value of garbage) {
          let path = operation.path;
          const query = new URLSearchParams();
          for (const parameter of operation.parameters) {
            if (parameter.in === 'path')
              path = path.replace(`{${parameter.name}}`, encodeURIComponent(value));
            else query.set(parameter.name, value);
          }
          const url = `${path}${query.size > 0 ? `?${query.toString()}` : ''}`;
          const response = await request(app, operation.method, url, {
            session,
            body: operation.hasBody ? {} : undefined,
          });
          await expectClientError(response, `${operation.method} ${url}`);
        }
      }
    });

    it('answers bodies that are not JSON, or JSON of the wrong shape, with a 400 naming the body', async () => {
      for (const operation of operations.filter((o) => o.hasBody)) {
        const path = operation.path.replace(/\{[^}]+\}/g, '1');
        for (const body of [
          '{"unterminated": ',
          '[1,2,3]',
          '"text"',
          'null',
          JSON.stringify({ nik: 12, baseVersion: 'one' }),
        ]) {
          const response = await app.request(path, {
            method: operation.method,
            headers: {
              cookie: session.cookie,
              'x-csrf-token': session.csrfToken,
              'content-type': 'application/json',
            },
            body,
          });
          const label = `${operation.method} ${path} ${body}`;
          await expectClientError(response, label);
        }
      }
    });
  },
  async ({ ctx }) => {
    await insertTestRegions(ctx.database.db);
    await ensureDemoUsers(ctx.database.db, password);
  },
);
