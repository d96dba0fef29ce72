import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { loadBoundaries } from '../modules/regions/boundaries.service.ts';
import { describeAreaSource } from '../modules/regions/idn-area.ts';
import { loadProvince } from '../modules/regions/regions.service.ts';
import { withContext } from './runtime.ts';

/** Reads a GeoJSON file; a file that is not JSON is a clear error. */
async function readGeoJson(file: string): Promise<unknown> {
  const text = await readFile(file, 'utf8');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`${file} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
}

/** The source recorded with boundaries: the option, else the file's `attribution` member, else its name. */
function describeSource(file: string, geoJson: unknown, option: string | undefined): string {
  if (option) return option;
  const attribution = (geoJson as { attribution?: unknown } | null)?.attribution;
  return typeof attribution === 'string' ? `${path.basename(file)}: ${attribution}` : path.basename(file);
}

/** `tepat regions load <provinceCode>` and `tepat regions load-boundaries <file.geojson>`. */
export function registerRegionsCommand(program: Command) {
  const regions = program.command('regions').description('Administrative regions and their boundaries');

  regions
    .command('load')
    .description('Load a province’s Kemendagri hierarchy from idn-area-data (and its official statistics)')
    .argument('<provinceCode>', 'Kemendagri province code, e.g. 31 for DKI Jakarta')
    .action(async (provinceCode: string) => {
      const { regions: counts, officialStats } = await withContext((ctx) =>
        loadProvince(ctx.database.db, provinceCode),
      );
      console.log(
        `Province ${provinceCode}: ${counts.province} province, ${counts.kota} kota/kabupaten, ${counts.kecamatan} kecamatan, ${counts.kelurahan} kelurahan/desa (${describeAreaSource()}); ${officialStats} official statistics rows.`,
      );
    });

  regions
    .command('load-boundaries')
    .description(
      'Store kecamatan or kelurahan boundaries from a GeoJSON FeatureCollection (properties.code = Kemendagri code)',
    )
    .argument('<file>', 'GeoJSON file')
    .option('--source <text>', 'Where the boundaries come from (default: the file’s attribution or name)')
    .action(async (file: string, options: { source?: string }) => {
      const geoJson = await readGeoJson(file);
      const source = describeSource(file, geoJson, options.source);
      const result = await withContext((ctx) => loadBoundaries(ctx.database.db, geoJson, source));
      console.log(`Loaded ${result.loaded} boundaries from ${file}.`);
      if (result.unknownCodes.length > 0) {
        console.warn(
          `Skipped ${result.unknownCodes.length} unknown region codes: ${result.unknownCodes.join(', ')}`,
        );
      }
    });
}
