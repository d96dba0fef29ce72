import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, paths } from './config.ts';
import { uploadFolder } from './modules/imports/imports.upload.ts';

describe('configuration', () => {
  it('resolves a data folder against the project root', () => {
    expect(loadConfig({}).dataDir).toBe(path.join(paths.root, '.data'));
    expect(loadConfig({ TEPAT_DATA_DIR: 'var/tepat' }).dataDir).toBe(path.join(paths.root, 'var/tepat'));
    expect(loadConfig({ TEPAT_DATA_DIR: '/srv/tepat' }).dataDir).toBe('/srv/tepat');
  });

  it('keeps memory:// as it is: no folder named "memory:" in the project, uploads in the temporary folder', () => {
    const config = loadConfig({ TEPAT_DATA_DIR: 'memory://' });
    expect(config.dataDir).toBe('memory://');
    expect(config.dciSigningKeyFile).toBeUndefined();
    const uploads = uploadFolder(config.dataDir);
    expect(path.isAbsolute(uploads)).toBe(true);
    expect(uploads.startsWith(os.tmpdir() + path.sep)).toBe(true);
    expect(uploadFolder('/srv/tepat')).toBe('/srv/tepat/imports');
  });
});
