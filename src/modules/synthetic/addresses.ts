import { Random } from './prng.ts';

/** Words Jakarta streets and alleys (gang) are commonly named after: flowers, trees, fruit, civic virtues. */
const streetWords = [
  ...['Melati', 'Mawar', 'Kenanga', 'Kamboja', 'Anggrek', 'Cempaka', 'Dahlia', 'Flamboyan', 'Teratai'],
  ...['Seroja', 'Nusa Indah', 'Kemuning', 'Cendana', 'Jati', 'Mahoni', 'Beringin', 'Asem', 'Duku'],
  ...['Rambutan', 'Manggis', 'Kelapa', 'Nangka', 'Belimbing', 'Jambu', 'Delima', 'Salak', 'Swadaya'],
  ...['Masjid', 'Musholla', 'Pendidikan', 'Persatuan', 'Kebersamaan', 'Damai', 'Sejahtera', 'Merdeka'],
  ...['Pemuda', 'Pahlawan', 'Bhakti', 'Karya', 'Makmur', 'Sentosa', 'Haji Naim', 'Haji Saman', 'Kramat'],
];
const numerals = ['', ' I', ' II', ' III', ' IV', ' V'];

/** The RW/RT layout and street names of one kelurahan, fixed by the seed whatever the scale. */
export class KelurahanStreets {
  private readonly rtCounts: number[];
  private readonly streets: string[];

  constructor(seed: number, kelurahanCode: string, kelurahanName: string) {
    const random = new Random(seed, 'streets', kelurahanCode);
    const rwCount = random.int(6, 18);
    this.rtCounts = Array.from({ length: rwCount }, () => random.int(6, 15));
    this.streets = this.rtCounts.map((_, rw) =>
      rw === 0 ? `Raya ${kelurahanName}` : `${random.pick(streetWords)}${random.pick(numerals)}`,
    );
  }

  /** RW, RT (3 digits, as written in Jakarta: RT 003/RW 005) and a street address. */
  draw(random: Random, publicHousing: boolean): { rw: string; rt: string; address: string } {
    const rw = random.int(1, this.rtCounts.length);
    const rt = random.int(1, this.rtCounts[rw - 1]!);
    const street = this.streets[rw - 1]!;
    let address: string;
    if (publicHousing) {
      const block = String.fromCharCode(65 + random.int(0, 7));
      address = `Rusun ${street} Blok ${block} Lt. ${random.int(1, 5)} No. ${random.int(1, 30)}`;
    } else if (random.chance(0.35)) {
      address = `Gg. ${random.pick(streetWords)}${random.pick(numerals)} No. ${random.int(1, 80)}`;
    } else {
      address = `Jl. ${street} No. ${random.int(1, 150)}`;
    }
    return { rw: String(rw).padStart(3, '0'), rt: String(rt).padStart(3, '0'), address };
  }
}
