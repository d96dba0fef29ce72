import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * The shared reference data (Jakarta boundaries, code crosswalks) tests read: the folder named by
 * TEPAT_SHARED_DATA, else `shared/data` beside the checkout. A missing file fails with where it was looked for and
 * how to point at it, instead of a bare ENOENT from somewhere in a test.
 */
export function sharedDataFile(name: string): string {
  const folder = process.env.TEPAT_SHARED_DATA ?? path.resolve(import.meta.dirname, '../../../shared/data');
  const file = path.join(folder, name);
  if (!existsSync(file))
    throw new Error(
      `Reference data file ${file} is missing: run the tests from a checkout beside shared/, or set TEPAT_SHARED_DATA to the folder holding ${name}.`,
    );
  return file;
}
