import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { validationError, type FieldIssue } from '../../http/errors.ts';
import { regionCodePattern } from './region-codes.ts';
import { selectExistingCodes, upsertBoundaries } from './regions.repository.ts';

/** [lng, lat] as GeoJSON orders them (RFC 7946 §3.1.1); the ranges catch files with swapped axes. */
const position = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]).rest(z.number());
const ring = z.array(position).min(4, 'a linear ring needs at least 4 positions');
const polygonCoordinates = z.array(ring).min(1);

const geometrySchema = z.discriminatedUnion(
  'type',
  [
    z.object({ type: z.literal('Polygon'), coordinates: polygonCoordinates }),
    z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(polygonCoordinates).min(1) }),
  ],
  { error: 'geometry type must be Polygon or MultiPolygon' },
);

const featureSchema = z.object({
  type: z.literal('Feature'),
  properties: z.object({
    code: z.string().regex(regionCodePattern, 'must be a dotted Kemendagri code such as 31.71.01'),
    centroid: position.optional(),
  }),
  geometry: geometrySchema,
});

const collectionSchema = z.object({ type: z.literal('FeatureCollection'), features: z.array(z.unknown()) });

export type BoundaryGeometry = z.infer<typeof geometrySchema>;
type Position = z.infer<typeof position>;

/** One valid boundary: its region code, geometry and centroid [lng, lat]. */
export interface BoundaryFeature {
  code: string;
  geometry: BoundaryGeometry;
  centroid: [number, number];
}

/** Signed area and area-weighted centroid of one ring (shoelace formula, planar: fine for a label point). */
function ringMoments(points: readonly Position[]) {
  let area = 0;
  let x = 0;
  let y = 0;
  for (let i = 0; i < points.length - 1; i += 1) {
    const [x0, y0] = points[i]!;
    const [x1, y1] = points[i + 1]!;
    const cross = x0 * y1 - x1 * y0;
    area += cross / 2;
    x += ((x0 + x1) * cross) / 6;
    y += ((y0 + y1) * cross) / 6;
  }
  return { area, x, y };
}

/** A simple centroid [lng, lat]: area-weighted over the outer rings; the mean of the vertices for degenerate shapes. */
export function computeCentroid(geometry: BoundaryGeometry): [number, number] {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  const outerRings = polygons.map((rings) => rings[0] ?? []);
  let area = 0;
  let x = 0;
  let y = 0;
  for (const outer of outerRings) {
    const moments = ringMoments(outer);
    const sign = Math.sign(moments.area);
    area += moments.area * sign;
    x += moments.x * sign;
    y += moments.y * sign;
  }
  if (area > 0) return [x / area, y / area];
  const points = outerRings.flat();
  return [
    points.reduce((s, p) => s + p[0], 0) / points.length,
    points.reduce((s, p) => s + p[1], 0) / points.length,
  ];
}

function rejectFile(issues: FieldIssue[]): never {
  const first = issues[0];
  throw validationError(issues, `The GeoJSON file is malformed: ${first?.path}: ${first?.message}`);
}

/** Validates a GeoJSON FeatureCollection of boundaries; a bad feature is an error naming its index and field. */
export function parseBoundaryCollection(input: unknown): BoundaryFeature[] {
  const collection = collectionSchema.safeParse(input);
  if (!collection.success) {
    rejectFile(
      collection.error.issues.map((i) => ({
        path: i.path.join('.') || '(root)',
        reason: i.code,
        message: i.message,
      })),
    );
  }
  const issues: FieldIssue[] = [];
  const features: BoundaryFeature[] = [];
  const seen = new Set<string>();
  collection.data.features.forEach((raw, index) => {
    const parsed = featureSchema.safeParse(raw);
    if (!parsed.success) {
      for (const i of parsed.error.issues) {
        issues.push({
          path: ['features', index, ...i.path].join('.'),
          reason: i.code,
          message: `feature ${index}: ${i.message}`,
        });
      }
      return;
    }
    const { properties, geometry } = parsed.data;
    if (seen.has(properties.code)) {
      const message = `feature ${index}: region ${properties.code} appears twice in the file`;
      issues.push({ path: `features.${index}.properties.code`, reason: 'duplicate', message });
    }
    seen.add(properties.code);
    const centroid = properties.centroid
      ? [properties.centroid[0], properties.centroid[1]]
      : computeCentroid(geometry);
    features.push({ code: properties.code, geometry, centroid: centroid as [number, number] });
  });
  if (issues.length > 0) rejectFile(issues.slice(0, 20));
  return features;
}

/**
 * Stores kecamatan or kelurahan (or any region's) boundaries from a GeoJSON FeatureCollection whose
 * `properties.code` is the Kemendagri code. Features of unknown regions are skipped and reported.
 */
export async function loadBoundaries(
  db: Db,
  featureCollection: unknown,
  source: string,
): Promise<{ loaded: number; unknownCodes: string[] }> {
  const features = parseBoundaryCollection(featureCollection);
  const known = await selectExistingCodes(
    db,
    features.map((f) => f.code),
  );
  const rows = features
    .filter((f) => known.has(f.code))
    .map((f) => ({
      regionCode: f.code,
      geometry: f.geometry,
      centroidLng: f.centroid[0],
      centroidLat: f.centroid[1],
      source,
    }));
  await upsertBoundaries(db, rows);
  return { loaded: rows.length, unknownCodes: features.filter((f) => !known.has(f.code)).map((f) => f.code) };
}
