import { type Random, weightedTable } from './prng.ts';
import type { DuplicateKind, DuplicateRecord, HouseholdRecord, PersonRecord } from './records.ts';
import { misspellName, mistypeBirthDate, mistypeNik } from './typos.ts';

/** Mix of planted errors: a plain double registration, then the typos deduplication has to see through. */
const kinds = weightedTable<DuplicateKind>({ exact: 25, name_typo: 35, nik_typo: 20, birth_date_typo: 20 });

/**
 * Plants duplicate person records at a known rate: each copies a real person into a second membership, in the
 * same household (a double entry on the KK) or in another household of the batch (registered twice after a move),
 * with one kind of error. The count tracks `rate × persons` exactly over the whole run.
 */
export class DuplicatePlanter {
  private planted = 0;
  private persons = 0;

  constructor(
    private readonly rate: number,
    private readonly referenceDay: number,
  ) {}

  /** Duplicates for one batch; `nextPersonId` hands out the ids of the new person records. */
  plant(random: Random, households: HouseholdRecord[], nextPersonId: () => number): DuplicateRecord[] {
    this.persons += households.reduce((sum, h) => sum + h.members.length, 0);
    const due = Math.round(this.rate * this.persons) - this.planted;
    if (due <= 0 || households.length === 0) return [];
    const extraMembers = new Map<number, number>();
    const duplicates: DuplicateRecord[] = [];
    for (let i = 0; i < due; i++) {
      const home = random.pick(households);
      const original = random.pick(home.members);
      const target = households.length > 1 && random.chance(0.7) ? random.pick(households) : home;
      const extra = (extraMembers.get(target.id) ?? 0) + 1;
      extraMembers.set(target.id, extra);
      const kind = kinds.draw(random);
      const person = this.copy(random, original, kind, nextPersonId());
      // A second entry never becomes head or spouse: a KK has exactly one head.
      const keepsRole =
        target === home && original.relationship !== 'head' && original.relationship !== 'spouse';
      person.relationship = keepsRole
        ? original.relationship
        : random.chance(0.6)
          ? 'other_relative'
          : 'other';
      person.position = target.members.length + extra;
      person.startDay = Math.max(original.birthDay, this.referenceDay - random.int(0, 3650));
      duplicates.push({ person, householdId: target.id, originalId: original.id, kind });
    }
    this.planted += duplicates.length;
    return duplicates;
  }

  private copy(random: Random, original: PersonRecord, kind: DuplicateKind, id: number): PersonRecord {
    const person = { ...original, id };
    switch (kind) {
      case 'exact':
        break;
      case 'name_typo':
        person.name = misspellName(random, original.name);
        break;
      case 'nik_typo':
        person.nik = mistypeNik(random, original.nik);
        break;
      case 'birth_date_typo':
        person.birthDay = mistypeBirthDate(random, original.birthDay, this.referenceDay);
        break;
    }
    return person;
  }
}
