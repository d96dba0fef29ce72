import { describe, expect, it } from 'vitest';
import { AppError } from '../../http/errors.ts';
import { computeCentroid, parseBoundaryCollection } from './boundaries.service.ts';

const square = (x: number, y: number, size: number) => [
  [
    [x, y],
    [x + size, y],
    [x + size, y + size],
    [x, y + size],
    [x, y],
  ],
];

const feature = (code: string, geometry: unknown, extra: Record<string, unknown> = {}) => ({
  type: 'Feature',
  properties: { code, ...extra },
  geometry,
});

function parseError(input: unknown): AppError {
  try {
    parseBoundaryCollection(input);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected a validation error');
}

describe('computeCentroid', () => {
  it('is the centre of a square, whatever the winding', () => {
    expect(computeCentroid({ type: 'Polygon', coordinates: square(106, -6, 2) as never })).toEqual([107, -5]);
    const clockwise = square(106, -6, 2).map((ring) => [...ring].reverse());
    expect(computeCentroid({ type: 'Polygon', coordinates: clockwise as never })).toEqual([107, -5]);
  });

  it('weights the parts of a MultiPolygon by area', () => {
    // A 2×2 square centred on (1, 1) and a 1×1 square centred on (10.5, 0.5): weights 4 and 1.
    const [lng, lat] = computeCentroid({
      type: 'MultiPolygon',
      coordinates: [square(0, 0, 2), square(10, 0, 1)] as never,
    });
    expect(lng).toBeCloseTo((4 * 1 + 1 * 10.5) / 5, 10);
    expect(lat).toBeCloseTo((4 * 1 + 1 * 0.5) / 5, 10);
  });

  it('falls back to the mean of the vertices for a degenerate ring', () => {
    const line = [
      [
        [0, 0],
        [2, 0],
        [4, 0],
        [0, 0],
      ],
    ];
    expect(computeCentroid({ type: 'Polygon', coordinates: line as never })).toEqual([1.5, 0]);
  });
});

describe('parseBoundaryCollection', () => {
  it('accepts polygons and multipolygons and prefers the given centroid', () => {
    const features = parseBoundaryCollection({
      type: 'FeatureCollection',
      features: [
        feature('31.71.01', { type: 'Polygon', coordinates: square(106, -6, 2) }),
        feature(
          '31.71.02',
          { type: 'MultiPolygon', coordinates: [square(106, -6, 2)] },
          { centroid: [106.5, -5.5] },
        ),
      ],
    });
    expect(features.map((f) => [f.code, f.centroid])).toEqual([
      ['31.71.01', [107, -5]],
      ['31.71.02', [106.5, -5.5]],
    ]);
  });

  it('rejects a file that is not a FeatureCollection', () => {
    expect(parseError({ type: 'Feature' }).code).toBe('VALIDATION_FAILED');
    expect(parseError(null).code).toBe('VALIDATION_FAILED');
  });

  it('names the index of a feature with a wrong geometry type', () => {
    const error = parseError({
      type: 'FeatureCollection',
      features: [
        feature('31.71.01', { type: 'Polygon', coordinates: square(106, -6, 2) }),
        feature('31.71.02', { type: 'Point', coordinates: [106, -6] }),
      ],
    });
    expect(error.message).toMatch(/feature 1/);
    expect(error.message).toMatch(/Polygon or MultiPolygon/);
    expect(error.details).toMatchObject({
      issues: [{ path: expect.stringMatching(/^features\.1\.geometry/) as unknown }],
    });
  });

  it('names a feature with a malformed code, a missing code, swapped axes or a repeated code', () => {
    const polygon = { type: 'Polygon', coordinates: square(106, -6, 2) };
    const swapped = {
      type: 'Polygon',
      coordinates: [square(106, -6, 2)[0]!.map(([lng, lat]) => [lat, lng])],
    };
    const cases: [unknown, RegExp][] = [
      [feature('3171', polygon), /features\.0\.properties\.code/],
      [{ type: 'Feature', properties: {}, geometry: polygon }, /features\.0\.properties\.code/],
      [feature('31.71.01', swapped), /features\.0\.geometry\.coordinates/],
    ];
    for (const [bad, path] of cases) {
      const error = parseError({ type: 'FeatureCollection', features: [bad] });
      expect(error.message).toMatch(path);
    }
    const repeated = parseError({
      type: 'FeatureCollection',
      features: [feature('31.71.01', polygon), feature('31.71.01', polygon)],
    });
    expect(repeated.message).toMatch(
      /features\.1\.properties\.code: feature 1: region 31\.71\.01 appears twice/,
    );
  });
});
