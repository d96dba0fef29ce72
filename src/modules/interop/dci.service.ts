/**
 * The DCI social-registry API's rules (issue 6, part 4): searches (sync and async), transaction status and
 * subscriptions. Handlers validate the envelope with the schemas of dci.schemas.ts; each search request of a
 * batch is then answered on its own, `succ` with records or `rjct` with a reason code. Every record returned is
 * audited with the client as actor, in the transaction that records the DCI transaction.
 */
import { randomUUID } from 'node:crypto';
import { and, arrayOverlaps, desc, eq, inArray } from 'drizzle-orm';
import type { z } from '@hono/zod-openapi';
import type { Db } from '../../db/client.ts';
import { notFound } from '../../http/errors.ts';
import { isRegionInArea } from '../access/access.scope.ts';
import { appendToAuditChain } from '../audit/audit.service.ts';
import { auditActorOf, scopeOfClient, type ApiPrincipal } from './interop.clients.ts';
import { dciSubscription, dciTransaction } from './interop.schema.ts';
import { comparisonsOf, DciReject, filterOf, findGroups, orderOf, pageOf } from './dci.records.ts';
import type {
  MsgHeader,
  SearchRequest,
  SearchResponse,
  SearchResponseItem,
  SubscribeRequest,
  SubscribeResponse,
  TxnStatusRequest,
  TxnStatusResponse,
  UnsubscribeRequest,
  UnsubscribeResponse,
} from './dci.schemas.ts';
import { feedHeadCursor } from './interop.subscriptions.ts';

export const registryId = 'tepat.jakarta';
export const regType = 'ns:org:RegistryType:Social';

type Header = z.infer<typeof MsgHeader>;
type SearchItem = z.infer<typeof SearchResponseItem>;

const now = () => new Date().toISOString();

/** The callback header of an answer to `request`. */
export function answerHeader(
  action: string,
  request: Pick<Header, 'sender_id'> | null,
  statuses: readonly string[],
) {
  const done = statuses.filter((s) => s === 'succ').length;
  return {
    version: '1.0.0',
    message_id: randomUUID(),
    message_ts: now(),
    action,
    status: done > 0 || statuses.length === 0 ? ('succ' as const) : ('rjct' as const),
    total_count: statuses.length,
    completed_count: done,
    sender_id: registryId,
    ...(request ? { receiver_id: request.sender_id } : {}),
    is_msg_encrypted: false,
  };
}

/** Reference ids must be unique within a batch and timestamps must be dates: else that item is rejected. */
function precheck(items: readonly { reference_id: string; timestamp: string }[]): Map<number, DciReject> {
  const seen = new Set<string>();
  const rejects = new Map<number, DciReject>();
  items.forEach((item, i) => {
    if (seen.has(item.reference_id))
      rejects.set(i, new DciReject('rjct.reference_id.duplicate', 'The reference_id repeats in this batch.'));
    else if (Number.isNaN(Date.parse(item.timestamp)))
      rejects.set(i, new DciReject('rjct.timestamp.invalid', 'The timestamp is not an ISO 8601 date-time.'));
    seen.add(item.reference_id);
  });
  return rejects;
}

function purposeOf(criteria: { consent?: Record<string, unknown>; authorize?: Record<string, unknown> }) {
  const text = (o: Record<string, unknown> | undefined) => {
    const purpose = o?.purpose as { text?: unknown } | undefined;
    return typeof purpose?.text === 'string' && purpose.text.trim() !== '' ? purpose.text : undefined;
  };
  return text(criteria.authorize) ?? text(criteria.consent) ?? 'DCI social-registry search';
}

/** Keeps a transaction's answer for /registry/txn/status: `succ` when any request of the batch succeeded. */
async function storeTransaction(
  tx: Db,
  client: ApiPrincipal,
  action: 'search' | 'subscribe' | 'unsubscribe',
  requests: readonly { reference_id: string }[],
  items: readonly { status: string }[],
  response: { transaction_id: string; correlation_id: string },
): Promise<void> {
  await tx.insert(dciTransaction).values({
    clientId: client.id,
    transactionId: response.transaction_id,
    correlationId: response.correlation_id,
    action,
    referenceIds: requests.map((r) => r.reference_id),
    status: items.some((i) => i.status === 'succ') ? 'succ' : 'rjct',
    response,
  });
}

/**
 * Answers a search message: each request of the batch on its own. Stores the transaction and the answer, and
 * audits every household returned (action `read`, actor the client), in one transaction.
 */
export async function search(
  db: Db,
  client: ApiPrincipal,
  message: z.infer<typeof SearchRequest>,
): Promise<{ correlationId: string; response: z.infer<typeof SearchResponse> }> {
  const scope = scopeOfClient(client);
  const rejects = precheck(message.search_request);
  const correlationId = randomUUID();
  return db.transaction(async (tx) => {
    const audits: Parameters<typeof appendToAuditChain>[1][number][] = [];
    const items: SearchItem[] = [];
    for (const [i, request] of message.search_request.entries()) {
      const base = { reference_id: request.reference_id, timestamp: now() };
      try {
        const reject = rejects.get(i);
        if (reject) throw reject;
        const criteria = request.search_criteria;
        const page = pageOf(criteria);
        const { total, groups } = await findGroups(tx, scope, filterOf(criteria), orderOf(criteria), page);
        for (const g of groups)
          audits.push({
            actor: auditActorOf(client),
            entry: {
              action: 'read',
              subjectType: 'household',
              subjectId: g.householdId,
              regionCode: g.kelurahanCode,
              purpose: purposeOf(criteria),
              details: {
                apiClient: client.name,
                dci: 'search',
                transactionId: message.transaction_id,
                referenceId: request.reference_id,
              },
            },
          });
        items.push({
          ...base,
          status: 'succ',
          data: {
            version: '1.0.0',
            reg_type: regType,
            reg_record_type: 'Group',
            reg_records: groups.map((g) => g.record),
          },
          pagination: { page_size: page.size, page_number: page.number, total_count: total },
        });
      } catch (error) {
        if (!(error instanceof DciReject)) throw error;
        items.push({
          ...base,
          status: 'rjct',
          status_reason_code: error.code,
          status_reason_message: error.message,
        });
      }
    }
    const response = {
      transaction_id: message.transaction_id,
      correlation_id: correlationId,
      search_response: items,
    };
    await storeTransaction(tx, client, 'search', message.search_request, items, response);
    await appendToAuditChain(tx, audits);
    return { correlationId, response };
  });
}

const eventTypes: Record<string, 'register' | 'update'> = {
  register: 'register',
  update: 'update',
  'spdci-common:registryeventtype:register': 'register',
  'spdci-common:registryeventtype:update': 'update',
};

/**
 * Subscribes the client to register or update events of an area (the filter's kelurahan_code, inside the
 * client's own area; default the client's area), delivered to `callbackUrl` (the header's sender_uri). A
 * subscription starts at the feed's head: it is told of changes from now on.
 */
export async function subscribe(
  db: Db,
  client: ApiPrincipal,
  message: z.infer<typeof SubscribeRequest>,
  callbackUrl: string | undefined,
): Promise<{ correlationId: string; response: z.infer<typeof SubscribeResponse> }> {
  const correlationId = randomUUID();
  const rejects = precheck(message.subscribe_request);
  return db.transaction(async (tx) => {
    const head = await feedHeadCursor(tx);
    const items: z.infer<typeof SubscribeResponse>['subscribe_response'] = [];
    for (const [i, request] of message.subscribe_request.entries()) {
      const base = { reference_id: request.reference_id, timestamp: now() };
      const criteria = request.subscribe_criteria;
      const type = eventTypes[criteria.reg_event_type.toLowerCase()];
      const area = areaOfFilter(criteria.filter_type, criteria.filter, client.regionCode);
      const reject = rejects.get(i)?.code as z.infer<
        typeof SubscribeResponse
      >['subscribe_response'][number]['status_reason_code'];
      const reason =
        reject ??
        (!type
          ? 'rjct.notify_types.invalid'
          : !area || !callbackUrl
            ? 'rjct.notify_details.invalid'
            : undefined);
      if (reason) {
        const message_ = !callbackUrl
          ? 'Give the callback as header.sender_uri.'
          : !type
            ? 'reg_event_type is register or update.'
            : 'The filter must name a kelurahan_code inside the client’s area.';
        items.push({ ...base, status: 'rjct', status_reason_code: reason, status_reason_message: message_ });
        continue;
      }
      const code = randomUUID();
      await tx.insert(dciSubscription).values({
        code,
        clientId: client.id,
        regionCode: area!,
        eventTypes: [type!],
        callbackUrl: callbackUrl!,
        cursorTxid: head.txid,
        cursorId: head.id,
      });
      items.push({
        ...base,
        status: 'succ',
        subscriptions: [
          {
            code,
            status: 'subscribe',
            timestamp: base.timestamp,
            reg_type: regType,
            reg_event_type: type!,
            notify_record_type: criteria.notify_record_type,
          },
        ],
      });
    }
    const response = {
      transaction_id: message.transaction_id,
      correlation_id: correlationId,
      subscribe_response: items,
    };
    await storeTransaction(tx, client, 'subscribe', message.subscribe_request, items, response);
    return { correlationId, response };
  });
}

/**
 * Ends subscriptions of the client by code, all or none: a code that is not one of the client's own (unknown, or
 * another client's) rejects the message and changes nothing. Ending an ended subscription is not an error. The
 * dispatcher sends nothing more for an ended subscription (it reads only `subscribe` rows).
 */
export async function unsubscribe(
  db: Db,
  client: ApiPrincipal,
  message: z.infer<typeof UnsubscribeRequest>,
): Promise<z.infer<typeof UnsubscribeResponse>> {
  const correlationId = randomUUID();
  const codes = [...new Set(message.subscription_codes)];
  return db.transaction(async (tx) => {
    const own = await tx
      .select({ code: dciSubscription.code })
      .from(dciSubscription)
      .where(and(eq(dciSubscription.clientId, client.id), inArray(dciSubscription.code, codes)))
      .for('update');
    const known = new Set(own.map((r) => r.code));
    const unknown = codes.filter((c) => !known.has(c));
    const timestamp = now();
    let response: z.infer<typeof UnsubscribeResponse>;
    if (unknown.length > 0) {
      response = {
        transaction_id: message.transaction_id,
        correlation_id: correlationId,
        timestamp,
        status: 'rjct',
        status_reason_code: 'rjct.subscription_code.invalid',
        status_reason_message: `Not a subscription of this client: ${unknown.join(', ')}. Nothing was changed.`,
        subscription_status: [],
      };
    } else {
      await tx
        .update(dciSubscription)
        .set({ status: 'unsubscribe' })
        .where(and(eq(dciSubscription.clientId, client.id), inArray(dciSubscription.code, codes)));
      response = {
        transaction_id: message.transaction_id,
        correlation_id: correlationId,
        timestamp,
        status: 'succ',
        subscription_status: codes.map((code) => ({ code, status: 'unsubscribe' as const, timestamp })),
      };
    }
    await storeTransaction(tx, client, 'unsubscribe', [], [response], response);
    return response;
  });
}

/**
 * The area of a subscription filter (expression or predicate): `kelurahan_code eq <code>` inside the client's
 * area; no filter term means the client's whole area. Undefined when the filter is not that.
 */
function areaOfFilter(
  filterType: string | undefined,
  filter: unknown,
  clientArea: string,
): string | undefined {
  try {
    const comparisons = comparisonsOf(filterType ?? 'expression', filter);
    if (comparisons.length === 0) return clientArea;
    const [only] = comparisons;
    if (comparisons.length > 1 || only!.attribute !== 'kelurahan_code' || only!.operator !== 'eq')
      return undefined;
    const code = String(only!.value);
    return isRegionInArea(code, clientArea) ? code : undefined;
  } catch {
    return undefined;
  }
}

/** The stored answer of one of the client's own transactions (404 when there is none). */
export async function transactionStatus(
  db: Db,
  client: ApiPrincipal,
  message: z.infer<typeof TxnStatusRequest>,
): Promise<z.infer<typeof TxnStatusResponse>> {
  const { txn_type, attribute_type, attribute_value } = message.txnstatus_request;
  const value = attribute_value;
  const match =
    attribute_type === 'reference_id_list'
      ? arrayOverlaps(dciTransaction.referenceIds, Array.isArray(value) ? value : [value])
      : eq(
          attribute_type === 'transaction_id' ? dciTransaction.transactionId : dciTransaction.correlationId,
          String(value),
        );
  const [row] = await db
    .select()
    .from(dciTransaction)
    .where(and(eq(dciTransaction.clientId, client.id), eq(dciTransaction.action, txn_type), match))
    .orderBy(desc(dciTransaction.id))
    .limit(1);
  if (!row) throw notFound('Transaction');
  return {
    transaction_id: message.transaction_id,
    correlation_id: row.correlationId,
    txnstatus_response: {
      txn_type,
      txn_status: row.response as z.infer<typeof TxnStatusResponse>['txnstatus_response']['txn_status'],
    },
  };
}
