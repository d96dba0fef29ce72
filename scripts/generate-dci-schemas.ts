/** Writes the DCI message schemas (src/modules/interop/dci.schemas.ts) as JSON Schema files into docs/dci/. */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { dciJsonSchemaFiles } from '../src/modules/interop/dci.schemas.ts';

const dir = path.join(import.meta.dirname, '..', 'docs', 'dci');
mkdirSync(dir, { recursive: true });
for (const [name, text] of Object.entries(dciJsonSchemaFiles())) writeFileSync(path.join(dir, name), text);
console.log(`Wrote ${Object.keys(dciJsonSchemaFiles()).length} schemas to ${dir}`);
