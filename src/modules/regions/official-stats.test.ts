import { describe, expect, it } from 'vitest';
import { kotaPoverty2024, kotaPovertySeries, provincePovertySeries } from './official-stats.data.ts';
import { kotaBpsCodes } from './regions.data.ts';

describe('official BPS poverty data', () => {
  it('has one row per region and period, March or September', () => {
    const rows = [...provincePovertySeries, ...kotaPovertySeries];
    const keys = rows.map((r) => `${r.regionCode}@${r.period}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(rows.every((r) => /^\d{4}-(03|09)$/.test(r.period))).toBe(true);
    expect(provincePovertySeries).toHaveLength(17); // 18 Susenas rounds Mar 2017 … Sep 2025, minus Sep 2023 (no release)
  });

  it('kota counts of March 2024 add up to the province figure (domain brief §5.2)', () => {
    const total = Object.values(kotaPoverty2024).reduce((sum, k) => sum + k.poorPersons, 0);
    const province = provincePovertySeries.find((r) => r.period === '2024-03');
    expect(total).toBe(464_930);
    expect(province?.poorPersons).toBe(total);
    expect(Object.keys(kotaPoverty2024).sort()).toEqual(Object.keys(kotaBpsCodes).sort());
  });
});
