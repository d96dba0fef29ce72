import { KelurahanStreets } from './addresses.ts';
import { type BuildContext, buildHousehold, type HouseholdDecision } from './builder.ts';
import { dayOf } from './dates.ts';
import { DuplicatePlanter } from './duplicates.ts';
import { draftComposition } from './households.ts';
import { KkAllocator, NikAllocator } from './identifiers.ts';
import { NameMaker } from './names.ts';
import { type DistrictPool, drawOrigin } from './origins.ts';
import type { KelurahanPlan, PopulationPlan } from './placement.ts';
import { KotaPovertyController, povertyRisk, type PovertyTally } from './poverty.ts';
import { Random } from './prng.ts';
import type { PopulationBatch } from './records.ts';
import { referenceDate } from './synthetic.data.ts';

export interface GeneratorOptions {
  seed: number;
  duplicateRate: number;
  firstHouseholdId: number;
  firstPersonId: number;
  /** Households per batch: bounds memory whatever the scale. */
  batchHouseholds?: number;
}

/**
 * Generates the population kelurahan by kelurahan (in code order), in batches of at most `batchHouseholds`
 * households. Each batch has its own random stream keyed by (seed, kelurahan, batch), and the only state carried
 * between batches is counters, so memory stays flat as the scale grows.
 */
export class PopulationGenerator {
  private nextHouseholdId: number;
  private nextPersonId: number;
  private readonly referenceDay = dayOf(referenceDate);
  private readonly names = new NameMaker();
  private readonly nik: NikAllocator;
  private readonly kk = new KkAllocator();
  private readonly duplicates: DuplicatePlanter;
  private readonly poverty = new Map<string, KotaPovertyController>();
  householdCount = 0;
  personCount = 0;
  duplicateCount = 0;

  constructor(
    private readonly plan: PopulationPlan,
    private readonly pool: DistrictPool,
    private readonly options: GeneratorOptions,
  ) {
    this.nextHouseholdId = options.firstHouseholdId;
    this.nextPersonId = options.firstPersonId;
    this.nik = new NikAllocator(Math.max(...plan.kelurahan.map((k) => k.index)) + 1);
    this.duplicates = new DuplicatePlanter(options.duplicateRate, this.referenceDay);
    for (const [code, kota] of plan.kota)
      this.poverty.set(code, new KotaPovertyController(kota.parameters.p0 / 100));
  }

  /** The ids the next run should start from. */
  get nextIds(): { household: number; person: number } {
    return { household: this.nextHouseholdId, person: this.nextPersonId };
  }

  /** Persons, poor and extreme-poor persons per kota, as generated. */
  get tallies(): Map<string, PovertyTally> {
    return new Map([...this.poverty].map(([code, controller]) => [code, { ...controller.tally }]));
  }

  /** Yields the population batch by batch. */
  *batches(): Generator<PopulationBatch> {
    for (const kelurahan of this.plan.kelurahan) {
      if (kelurahan.personTarget <= 0) continue;
      this.nik.enterKelurahan(kelurahan.index, kelurahan.kecamatanCode);
      this.kk.enterKecamatan(kelurahan.kecamatanCode);
      const streets = new KelurahanStreets(this.options.seed, kelurahan.code, kelurahan.name);
      let remaining = kelurahan.personTarget;
      for (let batch = 0; remaining > 0; batch++) {
        const random = new Random(this.options.seed, 'kelurahan', kelurahan.code, batch);
        this.names.reseed([this.options.seed, kelurahan.index, batch]);
        const decisions = this.decide(random, kelurahan, remaining);
        remaining -= decisions.reduce((sum, d) => sum + d.size, 0);
        yield this.build(random, kelurahan, streets, decisions);
      }
    }
  }

  /** Drafts the batch's households and decides which are poor (and extreme poor), settling the kota at its end. */
  private decide(random: Random, kelurahan: KelurahanPlan, remaining: number): HouseholdDecision[] {
    const kota = this.plan.kota.get(kelurahan.kotaCode)!;
    const controller = this.poverty.get(kelurahan.kotaCode)!;
    const limit = this.options.batchHouseholds ?? 250;
    const decisions: HouseholdDecision[] = [];
    let left = remaining;
    while (left > 0 && decisions.length < limit) {
      const draft = draftComposition(random);
      const origin = drawOrigin(random, kelurahan.kotaCode);
      const size = draft.members.length;
      const poor = controller.decidePoor(random, size, povertyRisk(draft, origin), kelurahan.localRate);
      decisions.push({ draft, origin, size, poor, extreme: false });
      left -= size;
    }
    if (left <= 0 && kelurahan.index === kota.lastKelurahanIndex) controller.settle(decisions);
    for (const d of decisions) if (d.poor) d.extreme = controller.decideExtreme(random, d.size);
    return decisions;
  }

  private build(
    random: Random,
    kelurahan: KelurahanPlan,
    streets: KelurahanStreets,
    decisions: HouseholdDecision[],
  ): PopulationBatch {
    const nextPersonId = () => this.nextPersonId++;
    const context: BuildContext = {
      ...{ random, names: this.names, nik: this.nik, kk: this.kk, pool: this.pool, streets, kelurahan },
      kota: this.plan.kota.get(kelurahan.kotaCode)!.parameters,
      home: {
        kelurahanCode: kelurahan.code,
        kecamatanCode: kelurahan.kecamatanCode,
        jakartaKecamatan: this.plan.jakartaKecamatan,
      },
      referenceDay: this.referenceDay,
      nextPersonId,
    };
    const households = decisions.map((d) => buildHousehold(context, d, this.nextHouseholdId++));
    const duplicates = this.duplicates.plant(random, households, nextPersonId);
    const persons = decisions.reduce((sum, d) => sum + d.size, 0);
    this.householdCount += households.length;
    this.personCount += persons;
    this.duplicateCount += duplicates.length;
    return { kelurahanCode: kelurahan.code, households, duplicates, persons };
  }
}
