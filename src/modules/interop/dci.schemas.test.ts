import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dciJsonSchemaFiles, SearchEnvelope } from './dci.schemas.ts';

describe('DCI JSON Schema files', () => {
  it('docs/dci holds what the zod schemas generate (run scripts/generate-dci-schemas.ts after a change)', () => {
    for (const [name, text] of Object.entries(dciJsonSchemaFiles()))
      expect(
        JSON.parse(readFileSync(path.join(import.meta.dirname, '../../../docs/dci', name), 'utf8')),
        name,
      ).toEqual(JSON.parse(text));
  });

  it('the search request schema requires header and message and fixes the action', () => {
    const schema = JSON.parse(dciJsonSchemaFiles()['search-request.schema.json']!) as {
      required: string[];
      properties: { header: { properties: { action: { const: string } }; required: string[] } };
    };
    expect(schema.required).toEqual(['header', 'message']);
    expect(schema.properties.header.properties.action.const).toBe('search');
    expect(schema.properties.header.required).toEqual(
      expect.arrayContaining(['message_id', 'message_ts', 'action', 'sender_id', 'total_count']),
    );
    const wrongAction = {
      header: { message_id: 'm', message_ts: 't', action: 'notify', sender_id: 's', total_count: 1 },
    };
    expect(
      SearchEnvelope.safeParse({ ...wrongAction, message: { transaction_id: 't', search_request: [] } })
        .success,
    ).toBe(false);
  });
});
