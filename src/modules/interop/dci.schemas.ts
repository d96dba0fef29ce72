/**
 * Message schemas of the DCI (Digital Convergence Initiative, SPDCI) Social Registry API v1.0.0, as zod (which
 * validates requests and documents the routes) and as JSON Schema files under docs/dci/ (`npm run dci:schemas`
 * writes them from these). Learnt from the standard's OpenAPI document `social_api_v1.0.0.yaml`
 * (spdci/api-standards; read in the copy kept for compliance testing, OpenSPP/spdci-compliance spec/, whose
 * README lists its typo fixes): MsgHeader_V1.0.0, MsgCallbackHeader_V1.0.0, SearchRequest, SearchResponse,
 * SearchStatusReasonCode, SubscribeRequest, SubscribeResponse, SubscribeStatusReasonCode, NotifyEventRequest,
 * TxnStatusRequest, TxnStatusResponse, the acknowledgement and Error objects.
 *
 * Where the standard leaves a value "defined as per implementation context" this registry fixes it: reg_type
 * `ns:org:RegistryType:Social`, identifier types `NIK`, `KK` and `HOUSEHOLD_ID`, query attributes `desil`,
 * `kelurahan_code`, `is_extreme_poor`, event types `register` and `update`, record type `Group`.
 */
import { z } from '@hono/zod-openapi';

const timestamp = z.string().min(1).max(64).describe('ISO 8601 date-time with time zone');
const transactionId = z.string().min(1).max(99);
const referenceId = z.string().min(1).max(99);
const locale = z
  .string()
  .regex(/^[a-z]{3}$/)
  .optional();

export const requestStatuses = ['rcvd', 'pdng', 'succ', 'rjct'] as const;

export const searchStatusReasonCodes = [
  'rjct.reference_id.invalid',
  'rjct.reference_id.duplicate',
  'rjct.timestamp.invalid',
  'rjct.search_criteria.invalid',
  'rjct.filter.invalid',
  'rjct.sort.invalid',
  'rjct.pagination.invalid',
  'rjct.search.too_many_records_found',
] as const;
export type SearchStatusReasonCode = (typeof searchStatusReasonCodes)[number];

export const subscribeStatusReasonCodes = [
  'rjct.reference_id.invalid',
  'rjct.reference_id.duplicate',
  'rjct.timestamp.invalid',
  'rjct.notify_types.invalid',
  'rjct.notify_details.invalid',
  'rjct.person_id.invalid',
  'rjct.event.already_subscribed',
] as const;
export type SubscribeStatusReasonCode = (typeof subscribeStatusReasonCodes)[number];

export const errorCodes = [
  'err.request.bad',
  'err.request.unauthorized',
  'err.request.forbidden',
  'err.request.not_found',
  'err.request.timeout',
  'err.version.not_supported',
  'err.request.too_many_requests',
  'err.sender_id.invalid',
  'err.sender_uri.invalid',
  'err.receiver_id.invalid',
  'err.signature.missing',
  'err.signature.invalid',
  'err.encryption.invalid',
  'err.service.unavailable',
] as const;

/** MsgHeader_V1.0.0 (requests). */
export const MsgHeader = z
  .object({
    version: z.string().default('1.0.0'),
    message_id: z.string().min(1).max(99),
    message_ts: timestamp,
    action: z.string().min(1),
    sender_id: z.string().min(1).max(99),
    sender_uri: z.url().optional().describe('Where asynchronous answers (on-search, notify) are sent'),
    receiver_id: z.string().max(99).optional(),
    total_count: z.number().int().min(0),
    is_msg_encrypted: z.boolean().default(false),
    meta: z.record(z.string(), z.unknown()).optional(),
  })
  .openapi('DciMsgHeader');

/** MsgCallbackHeader_V1.0.0 (responses and callbacks). */
export const MsgCallbackHeader = z
  .object({
    version: z.string(),
    message_id: z.string().min(1).max(99),
    message_ts: timestamp,
    action: z.string().min(1),
    status: z.enum(requestStatuses),
    status_reason_code: z.string().optional(),
    status_reason_message: z.string().max(999).optional(),
    total_count: z.number().int().min(0).optional(),
    completed_count: z.number().int().min(0).optional(),
    sender_id: z.string().max(99).optional(),
    receiver_id: z.string().max(99).optional(),
    is_msg_encrypted: z.boolean().optional(),
    meta: z.record(z.string(), z.unknown()).optional(),
  })
  .openapi('DciMsgCallbackHeader');

const attributeValue = z.union([
  z.string(),
  z.number(),
  z.boolean(),
  z.array(z.union([z.string(), z.number()])),
]);

/** One comparison of the predicate query form (ExpressionWithConditionList item's expression1). */
export const Predicate = z.object({
  attribute_name: z.string().min(1),
  operator: z.enum(['gt', 'lt', 'eq', 'ge', 'le', 'in']),
  attribute_value: attributeValue,
});

/** The three query shapes of SearchRequest.search_criteria.query (oneOf in the standard). */
export const IdTypeValueQuery = z.object({ type: z.string().min(1), value: attributeValue });
export const ExpressionQuery = z.object({
  type: z.string().optional(),
  value: z.object({
    expression: z.object({
      collection: z.string().optional(),
      query: z.record(z.string(), z.unknown()),
    }),
  }),
});
export const PredicateQuery = z.array(
  z.object({
    seq_num: z.number().optional(),
    expression1: Predicate,
    condition: z.enum(['and', 'or', 'not']).optional(),
    expression2: Predicate.optional(),
  }),
);

export const SearchCriteria = z.object({
  version: z.string().optional(),
  reg_type: z.string().optional(),
  reg_record_type: z.string().optional(),
  query_type: z.enum(['idtype-value', 'expression', 'predicate']),
  response_entity: z.enum(['Group', 'Member']).optional(),
  query: z.union([IdTypeValueQuery, ExpressionQuery, PredicateQuery]),
  sort: z.array(z.object({ attribute_name: z.string(), sort_order: z.enum(['asc', 'desc']) })).optional(),
  pagination: z.object({ page_size: z.number(), page_number: z.number().default(1) }).optional(),
  consent: z.record(z.string(), z.unknown()).optional(),
  authorize: z.record(z.string(), z.unknown()).optional(),
});

export const SearchRequest = z
  .object({
    transaction_id: transactionId,
    search_request: z
      .array(z.object({ reference_id: referenceId, timestamp, search_criteria: SearchCriteria, locale }))
      .min(1)
      .max(50),
  })
  .openapi('DciSearchRequest');

const Identifier = z.object({ identifier_type: z.string(), identifier_value: z.string() });

/** A member of a group (household) in the response: SRPerson demographic info with the registry's extras. */
export const MemberRecord = z.object({
  '@type': z.literal('Member'),
  member_identifier: z.array(Identifier),
  demographic_info: z.object({
    '@type': z.literal('SRPerson'),
    identifier: z.array(Identifier),
    name: z.object({ '@type': z.literal('Name'), given_name: z.string(), surname: z.string() }),
    sex: z.enum(['male', 'female']),
    birth_date: z.string(),
  }),
  relationship_head: z.string(),
  is_disabled: z.boolean(),
  marital_status: z.string(),
  education_level: z.string(),
  occupation: z.string(),
});

/** A Group (household) record of reg_records. */
export const GroupRecord = z.object({
  '@type': z.literal('Group'),
  group_identifier: z.array(Identifier),
  group_type: z.literal('household'),
  group_size: z.number().int(),
  place: z.object({ '@type': z.literal('Place'), address: z.string(), kelurahan_code: z.string() }),
  poverty_score: z.number().int().nullable().describe('Desil 1–10 of the latest welfare ranking'),
  poverty_score_type: z.literal('desil'),
  group_head_info: MemberRecord.nullable(),
  member_list: z.array(MemberRecord),
  last_updated: z.string(),
  additional_attributes: z.array(z.record(z.string(), z.unknown())),
});

export const Pagination = z.object({
  page_size: z.number(),
  page_number: z.number(),
  total_count: z.number(),
});

export const SearchResponseItem = z.object({
  reference_id: referenceId,
  timestamp,
  status: z.enum(requestStatuses),
  status_reason_code: z.enum(searchStatusReasonCodes).optional(),
  status_reason_message: z.string().max(999).optional(),
  data: z
    .object({
      version: z.string(),
      reg_type: z.string(),
      reg_record_type: z.string(),
      reg_records: z.array(GroupRecord),
    })
    .optional(),
  pagination: Pagination.optional(),
  locale,
});

export const SearchResponse = z
  .object({
    transaction_id: transactionId,
    correlation_id: z.string().max(99),
    search_response: z.array(SearchResponseItem),
  })
  .openapi('DciSearchResponse');

export const SubscribeRequest = z
  .object({
    transaction_id: transactionId,
    subscribe_request: z
      .array(
        z.object({
          reference_id: referenceId,
          timestamp,
          subscribe_criteria: z.object({
            version: z.string().optional(),
            reg_type: z.string().optional(),
            reg_event_type: z.string().min(1),
            frequency: z.record(z.string(), z.unknown()).optional(),
            filter_type: z.enum(['idtype-value', 'expression', 'predicate', 'graphql']).optional(),
            filter: z.union([ExpressionQuery, PredicateQuery, IdTypeValueQuery]),
            notify_record_type: z.string().min(1),
            authorize: z.record(z.string(), z.unknown()).optional(),
          }),
          locale,
        }),
      )
      .min(1)
      .max(50),
  })
  .openapi('DciSubscribeRequest');

export const SubscriptionInfo = z.object({
  version: z.string().optional(),
  code: z.string().max(99),
  status: z.enum(['subscribe', 'unsubscribe']),
  timestamp,
  reg_type: z.string().optional(),
  reg_event_type: z.string().optional(),
  notify_record_type: z.string().optional(),
});

export const SubscribeResponse = z
  .object({
    transaction_id: transactionId,
    correlation_id: z.string().max(99),
    subscribe_response: z.array(
      z.object({
        reference_id: referenceId,
        timestamp,
        status: z.enum(requestStatuses),
        status_reason_code: z.enum(subscribeStatusReasonCodes).optional(),
        status_reason_message: z.string().max(999).optional(),
        subscriptions: z.array(SubscriptionInfo).optional(),
      }),
    ),
  })
  .openapi('DciSubscribeResponse');

/** UnSubscribeRequest: the codes of the client's own subscriptions to end. */
export const UnsubscribeRequest = z
  .object({
    transaction_id: transactionId,
    timestamp,
    subscription_codes: z.array(z.string().min(1).max(99)).min(1).max(50),
  })
  .openapi('DciUnsubscribeRequest');

export const unsubscribeStatusReasonCodes = ['rjct.subscription_code.invalid'] as const;

export const UnsubscribeResponse = z
  .object({
    transaction_id: transactionId,
    correlation_id: z.string().max(99),
    timestamp,
    status: z.enum(requestStatuses),
    status_reason_code: z.enum(unsubscribeStatusReasonCodes).optional(),
    status_reason_message: z.string().max(999).optional(),
    subscription_status: z.array(
      z.object({ code: z.string().max(99), status: z.enum(['subscribe', 'unsubscribe']), timestamp }),
    ),
  })
  .openapi('DciUnsubscribeResponse');

/** NotifyEventRequest: what the registry POSTs to a subscriber's /registry/notify. */
export const NotifyEventRequest = z
  .object({
    transaction_id: transactionId,
    notify_event: z.array(
      z.object({
        reference_id: referenceId,
        timestamp,
        data: z.object({
          version: z.string(),
          reg_type: z.string(),
          reg_event_type: z.enum(['register', 'update']),
          reg_record_type: z.string(),
          reg_records: z.object({
            '@type': z.literal('Group'),
            group_identifier: z.array(Identifier),
            version: z.number().int(),
            kelurahan_code: z.string(),
            previous_kelurahan_code: z.string().nullable(),
            occurred_at: z.string(),
            cursor: z.string(),
          }),
        }),
      }),
    ),
  })
  .openapi('DciNotifyEventRequest');

export const TxnStatusRequest = z
  .object({
    transaction_id: transactionId,
    txnstatus_request: z.object({
      reference_id: referenceId,
      txn_type: z.enum(['search', 'subscribe', 'receipt']),
      attribute_type: z.enum(['transaction_id', 'reference_id_list', 'correlation_id']),
      attribute_value: z.union([z.string().max(99), z.array(referenceId)]),
      locale,
    }),
  })
  .openapi('DciTxnStatusRequest');

export const TxnStatusResponse = z
  .object({
    transaction_id: transactionId,
    correlation_id: z.string().max(99),
    txnstatus_response: z.object({
      txn_type: z.enum(['search', 'subscribe', 'receipt']),
      txn_status: z.union([SearchResponse, SubscribeResponse]),
    }),
  })
  .openapi('DciTxnStatusResponse');

/** The acknowledgement of an asynchronous request (Ack in the standard) with the Error object. */
export const Ack = z
  .object({
    message: z.object({
      ack_status: z.enum(['ACK', 'NACK', 'ERR']),
      timestamp,
      error: z.object({ code: z.enum(errorCodes), message: z.string().max(999) }).optional(),
      correlation_id: z.string().max(99).optional(),
    }),
  })
  .openapi('DciAck');

const Signature = z
  .string()
  .optional()
  .describe(
    'Ed25519 signature of {header}+{message}: namespace="spdci", kidId="{sender_id}|{key_id}|ed25519", ' +
      'algorithm="ed25519", created, expires, headers="(created) (expires) digest", signature (base64). ' +
      'Required from a client with a registered key; every answer and callback of the registry carries one.',
  );

/** A request envelope: signature, header with a fixed action, message. */
export const envelope = <T extends z.ZodType>(action: string, message: T) =>
  z.object({ signature: Signature, header: MsgHeader.extend({ action: z.literal(action) }), message });

/** A response or callback envelope. */
export const callbackEnvelope = <T extends z.ZodType>(action: string, message: T) =>
  z.object({
    signature: Signature,
    header: MsgCallbackHeader.extend({ action: z.literal(action) }),
    message,
  });

export const SearchEnvelope = envelope('search', SearchRequest).openapi('DciSearchEnvelope');
export const OnSearchEnvelope = callbackEnvelope('on-search', SearchResponse).openapi('DciOnSearchEnvelope');
export const SubscribeEnvelope = envelope('subscribe', SubscribeRequest).openapi('DciSubscribeEnvelope');
export const OnSubscribeEnvelope = callbackEnvelope('on-subscribe', SubscribeResponse).openapi(
  'DciOnSubscribeEnvelope',
);
export const UnsubscribeEnvelope = envelope('unsubscribe', UnsubscribeRequest).openapi(
  'DciUnsubscribeEnvelope',
);
export const OnUnsubscribeEnvelope = callbackEnvelope('on-unsubscribe', UnsubscribeResponse).openapi(
  'DciOnUnsubscribeEnvelope',
);
export const NotifyEnvelope = callbackEnvelope('notify', NotifyEventRequest).openapi('DciNotifyEnvelope');
export const TxnStatusEnvelope = envelope('txn-status', TxnStatusRequest).openapi('DciTxnStatusEnvelope');
export const OnTxnStatusEnvelope = callbackEnvelope('txn-on-status', TxnStatusResponse).openapi(
  'DciOnTxnStatusEnvelope',
);

/** Every schema written to docs/dci/ as JSON Schema. */
export const dciJsonSchemas = {
  'search-request': SearchEnvelope,
  'search-response': OnSearchEnvelope,
  'subscribe-request': SubscribeEnvelope,
  'subscribe-response': OnSubscribeEnvelope,
  'unsubscribe-request': UnsubscribeEnvelope,
  'unsubscribe-response': OnUnsubscribeEnvelope,
  'notify-request': NotifyEnvelope,
  'txn-status-request': TxnStatusEnvelope,
  'txn-status-response': OnTxnStatusEnvelope,
  ack: Ack,
} as const;

/** The JSON Schema files of docs/dci/ (name → text), as `npx tsx scripts/generate-dci-schemas.ts` writes them. */
export function dciJsonSchemaFiles(): Record<string, string> {
  return Object.fromEntries(
    Object.entries(dciJsonSchemas).map(([name, schema]) => [
      `${name}.schema.json`,
      `${JSON.stringify(z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }), null, 2)}\n`,
    ]),
  );
}
