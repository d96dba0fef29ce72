#!/usr/bin/env node
// The `tepat` command: runs the TypeScript sources directly through tsx.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/index.ts');
