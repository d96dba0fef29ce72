import type { Db } from '../../db/client.ts';
import { findExistingUsernames } from './access.repository.ts';
import type { Role } from './access.schema.ts';
import { createUser } from './access.service.ts';

export interface DemoUser {
  username: string;
  displayName: string;
  role: Role;
  regionCode: string;
  /** The area's name, for the README and the start banner. */
  areaName: string;
  organisation?: string;
}

/** One demo user per role, all in DKI Jakarta, nested around Penjaringan (Jakarta Utara). */
export const demoUsers: readonly DemoUser[] = [
  {
    username: 'sekretariat',
    displayName: 'Sekretariat TKPK DKI Jakarta',
    role: 'secretariat',
    regionCode: '31',
    areaName: 'DKI Jakarta',
  },
  {
    username: 'tkpk.jakut',
    displayName: 'TKPK Jakarta Utara',
    role: 'kota_tkpk',
    regionCode: '31.72',
    areaName: 'Kota Administrasi Jakarta Utara',
  },
  {
    username: 'kec.penjaringan',
    displayName: 'Operator Kecamatan Penjaringan',
    role: 'kecamatan_operator',
    regionCode: '31.72.01',
    areaName: 'Kecamatan Penjaringan',
  },
  {
    username: 'kel.penjaringan',
    displayName: 'Operator Kelurahan Penjaringan',
    role: 'kelurahan_operator',
    regionCode: '31.72.01.1001',
    areaName: 'Kelurahan Penjaringan',
  },
  {
    username: 'petugas.penjaringan',
    displayName: 'Petugas Lapangan Penjaringan',
    role: 'field_officer',
    regionCode: '31.72.01.1001',
    areaName: 'Kelurahan Penjaringan (assigned households)',
  },
  {
    username: 'dinsos',
    displayName: 'Dinas Sosial DKI Jakarta',
    role: 'agency',
    regionCode: '31',
    areaName: 'DKI Jakarta',
    organisation: 'DINSOS',
  },
  {
    username: 'mitra.baznas',
    displayName: 'BAZNAS (BAZIS) DKI Jakarta',
    role: 'partner',
    regionCode: '31',
    areaName: 'DKI Jakarta',
    organisation: 'BAZNAS',
  },
  {
    username: 'inspektorat',
    displayName: 'Inspektorat DKI Jakarta',
    role: 'inspector',
    regionCode: '31',
    areaName: 'DKI Jakarta',
  },
];

/**
 * Creates the demo users that do not exist yet, all with `password` (idempotent: existing users, and their
 * passwords, are left alone). Needs the Jakarta regions loaded. Returns the usernames created.
 */
export async function ensureDemoUsers(db: Db, password: string): Promise<string[]> {
  const existing = new Set(
    await findExistingUsernames(
      db,
      demoUsers.map((u) => u.username),
    ),
  );
  const missing = demoUsers.filter((u) => !existing.has(u.username));
  for (const user of missing) {
    await createUser(db, { ...user, password });
  }
  return missing.map((u) => u.username);
}
