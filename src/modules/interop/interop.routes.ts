/**
 * The interoperability API (issue 6, parts 4 and 5), mounted at /api/interop and authenticated by API client
 * bearer tokens (interop.clients.ts), not by sessions: the DCI social-registry endpoints and the change feed.
 */
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../../http/context.ts';
import { createRouter, ErrorSchema, errorResponses, json } from '../../http/openapi.ts';
import {
  Ack,
  OnSearchEnvelope,
  OnSubscribeEnvelope,
  OnUnsubscribeEnvelope,
  OnTxnStatusEnvelope,
  SearchEnvelope,
  SubscribeEnvelope,
  UnsubscribeEnvelope,
  TxnStatusEnvelope,
} from './dci.schemas.ts';
import { answerHeader, search, subscribe, transactionStatus, unsubscribe } from './dci.service.ts';
import { SignatureError, verifyRequestSignature } from './dci.signature.ts';
import { activeKeysOf, authenticateApiClient, requireScope, type ApiPrincipal } from './interop.clients.ts';
import { decodeCursor, encodeCursor, readFeed } from './interop.feed.ts';
import type { ApiScope } from './interop.schema.ts';
import { enqueueMessage } from './interop.subscriptions.ts';

const security = [{ apiClientToken: [] }];
const dciTags = ['DCI social registry'];

async function clientOf(c: Context<AppEnv>, scope: ApiScope): Promise<ApiPrincipal> {
  const client = await authenticateApiClient(c.get('ctx').database.db, c.req.header('authorization'));
  requireScope(client, scope);
  return client;
}

/** A DCI refusal of the request's signature, in the standard's Ack/Error shape. */
const signatureRefusal = (error: SignatureError) => ({
  message: {
    ack_status: 'ERR' as const,
    timestamp: new Date().toISOString(),
    error: { code: error.code, message: error.message },
  },
});

/**
 * The client of a DCI request, once its token has `scope` and its signature holds (dci.signature.ts): the
 * signature is checked over the body as sent, not as validated (validation drops unknown fields).
 */
async function signedClientOf(
  c: Context<AppEnv>,
  scope: ApiScope,
): Promise<
  | { client: ApiPrincipal; refusal?: undefined }
  | { client?: undefined; refusal: ReturnType<typeof signatureRefusal> }
> {
  const client = await clientOf(c, scope);
  const sent = await c.req.json<{ signature?: unknown; header: { sender_id?: string }; message: unknown }>();
  try {
    const signature = typeof sent.signature === 'string' ? sent.signature : undefined;
    verifyRequestSignature(signature, sent, await activeKeysOf(c.get('ctx').database.db, client.id));
    return { client };
  } catch (error) {
    if (error instanceof SignatureError) return { refusal: signatureRefusal(error) };
    throw error;
  }
}

/** The DCI routes' errors: a 401 is a refused token (Error) or a refused signature (Ack with the DCI code). */
const dciErrorResponses = {
  ...errorResponses,
  401: json(
    z.union([ErrorSchema, Ack]),
    'Token refused (Error), or signature missing or invalid (Ack with err.signature.missing / err.signature.invalid)',
  ),
};

const body = <T extends z.ZodType>(schema: T) => ({
  body: { required: true, content: { 'application/json': { schema } } },
});

const syncSearch = createRoute({
  method: 'post',
  path: '/registry/sync/search',
  tags: dciTags,
  security,
  summary:
    'DCI synchronous search: by identifier (NIK, KK, HOUSEHOLD_ID) or by expression/predicate (desil, kelurahan_code, is_extreme_poor), paginated; every record returned is audited',
  request: body(SearchEnvelope),
  responses: {
    200: json(
      OnSearchEnvelope,
      'One search_response per search_request: succ with Group records, or rjct with a reason code',
    ),
    ...dciErrorResponses,
  },
});

const asyncSearch = createRoute({
  method: 'post',
  path: '/registry/search',
  tags: dciTags,
  security,
  summary:
    'DCI asynchronous search: acknowledged at once; the on-search answer is POSTed to header.sender_uri + /registry/on-search (and kept for /registry/txn/status)',
  request: body(SearchEnvelope),
  responses: { 202: json(Ack, 'Acknowledgement with the correlation id'), ...dciErrorResponses },
});

const txnStatus = createRoute({
  method: 'post',
  path: '/registry/txn/status',
  tags: dciTags,
  security,
  summary:
    'DCI transaction status: the stored answer of one of the client’s own search or subscribe transactions (answered synchronously)',
  request: body(TxnStatusEnvelope),
  responses: { 200: json(OnTxnStatusEnvelope, 'The transaction’s answer'), ...dciErrorResponses },
});

const subscribeRoute = createRoute({
  method: 'post',
  path: '/registry/subscribe',
  tags: dciTags,
  security,
  summary:
    'DCI subscribe: register or update events of an area (filter kelurahan_code eq <code>, inside the client’s area); notify messages are POSTed to header.sender_uri + /registry/notify',
  request: body(SubscribeEnvelope),
  responses: {
    200: json(OnSubscribeEnvelope, 'One subscribe_response per subscribe_request'),
    ...dciErrorResponses,
  },
});

const unsubscribeRoute = createRoute({
  method: 'post',
  path: '/registry/unsubscribe',
  tags: dciTags,
  security,
  summary:
    'DCI unsubscribe: end the client’s own subscriptions by code (all or none; no notify is sent for them after)',
  request: body(UnsubscribeEnvelope),
  responses: { 200: json(OnUnsubscribeEnvelope, 'The status of each subscription'), ...dciErrorResponses },
});

const FeedQuery = z.object({
  after: z
    .string()
    .max(80)
    .optional()
    .openapi({ description: 'Cursor from the previous page (empty: from the start)' }),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});
const FeedEventSchema = z
  .object({
    cursor: z.string(),
    eventId: z.number().int(),
    type: z.enum(['register', 'update']),
    householdId: z.number().int(),
    version: z.number().int(),
    kelurahanCode: z.string(),
    previousKelurahanCode: z.string().nullable(),
    occurredAt: z.string(),
  })
  .openapi('RegistryChangeEvent');

const feed = createRoute({
  method: 'get',
  path: '/feed/changes',
  tags: ['change feed'],
  security,
  summary:
    'Registry changes (households registered or changed) in the client’s area, in a stable order, resumable from an opaque cursor; no gaps or repeats under concurrent writes',
  request: { query: FeedQuery },
  responses: {
    200: json(
      z.object({ events: z.array(FeedEventSchema), next: z.string() }).openapi('RegistryChangePage'),
      'A page of events and the cursor to resume from',
    ),
    ...errorResponses,
  },
});

const signer = (c: Context<AppEnv>) => c.get('ctx').signer;

const jwks = createRoute({
  method: 'get',
  path: '/.well-known/jwks.json',
  tags: dciTags,
  summary:
    'The public key (JWK set) that signs Tepat’s DCI answers and callbacks; kid is the kidId’s key part',
  responses: {
    200: json(
      z
        .object({
          keys: z.array(
            z.object({
              kty: z.literal('OKP'),
              crv: z.literal('Ed25519'),
              x: z.string(),
              kid: z.string(),
              alg: z.literal('EdDSA'),
              use: z.literal('sig'),
            }),
          ),
        })
        .openapi('JwkSet'),
      'RFC 7517 JWK set with one Ed25519 key',
    ),
  },
});

/** `<sender_uri>/registry/<action>`: where a client receives asynchronous answers. */
export const callbackUrlOf = (senderUri: string, action: string) =>
  `${senderUri.replace(/\/+$/, '')}/registry/${action}`;

export function interopRoutes() {
  const app = createRouter();

  app.openapi(jwks, (c) => c.json(signer(c).jwks(), 200));

  app.openapi(syncSearch, async (c) => {
    const { client, refusal } = await signedClientOf(c, 'dci:search');
    if (refusal) return c.json(refusal, 401);
    const { header, message } = c.req.valid('json');
    const { response } = await search(c.get('ctx').database.db, client, message);
    const statuses = response.search_response.map((r) => r.status);
    return c.json(
      signer(c).sign({ header: answerHeader('on-search', header, statuses), message: response }),
      200,
    );
  });

  app.openapi(asyncSearch, async (c) => {
    const { client, refusal } = await signedClientOf(c, 'dci:search');
    if (refusal) return c.json(refusal, 401);
    const { header, message } = c.req.valid('json');
    const db = c.get('ctx').database.db;
    const timestamp = new Date().toISOString();
    if (!header.sender_uri)
      return c.json(
        {
          message: {
            ack_status: 'ERR' as const,
            timestamp,
            error: {
              code: 'err.sender_uri.invalid' as const,
              message: 'Give header.sender_uri for the on-search answer.',
            },
          },
        },
        202,
      );
    const { correlationId, response } = await search(db, client, message);
    const statuses = response.search_response.map((r) => r.status);
    await enqueueMessage(db, client.id, callbackUrlOf(header.sender_uri, 'on-search'), {
      header: answerHeader('on-search', header, statuses),
      message: response,
    });
    return c.json({ message: { ack_status: 'ACK' as const, timestamp, correlation_id: correlationId } }, 202);
  });

  app.openapi(txnStatus, async (c) => {
    const { client, refusal } = await signedClientOf(c, 'dci:search');
    if (refusal) return c.json(refusal, 401);
    const { header, message } = c.req.valid('json');
    const answer = await transactionStatus(c.get('ctx').database.db, client, message);
    return c.json(
      signer(c).sign({ header: answerHeader('txn-on-status', header, ['succ']), message: answer }),
      200,
    );
  });

  app.openapi(subscribeRoute, async (c) => {
    const { client, refusal } = await signedClientOf(c, 'dci:subscribe');
    if (refusal) return c.json(refusal, 401);
    const { header, message } = c.req.valid('json');
    const callback = header.sender_uri ? callbackUrlOf(header.sender_uri, 'notify') : undefined;
    const { response } = await subscribe(c.get('ctx').database.db, client, message, callback);
    const statuses = response.subscribe_response.map((r) => r.status);
    return c.json(
      signer(c).sign({ header: answerHeader('on-subscribe', header, statuses), message: response }),
      200,
    );
  });

  app.openapi(unsubscribeRoute, async (c) => {
    const { client, refusal } = await signedClientOf(c, 'dci:subscribe');
    if (refusal) return c.json(refusal, 401);
    const { header, message } = c.req.valid('json');
    const response = await unsubscribe(c.get('ctx').database.db, client, message);
    return c.json(
      signer(c).sign({
        header: answerHeader('on-unsubscribe', header, [response.status]),
        message: response,
      }),
      200,
    );
  });

  app.openapi(feed, async (c) => {
    const client = await clientOf(c, 'feed:read');
    const query = c.req.valid('query');
    const page = await readFeed(
      c.get('ctx').database.db,
      client.regionCode,
      decodeCursor(query.after),
      query.limit,
    );
    return c.json({ events: page.events, next: encodeCursor(page.next) }, 200);
  });

  return app;
}
