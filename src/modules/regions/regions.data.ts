/**
 * Documented facts about Jakarta's regions that `idn-area-data` does not carry.
 * Sources: the domain brief (`shared/docs/domain-brief.md`), sections cited per constant.
 */

/**
 * BPS codes of Jakarta's 6 kota/kabupaten, keyed by Kemendagri code. The two systems differ even at kota
 * level (Kemendagri 31.71 = Jakarta Pusat, BPS 3171 = Jakarta Selatan), domain brief §0.1 and §1.2.
 * Source: HDX COD-AB Indonesia ("HDX-BPS-2020") via `JfrAziz/indonesia-district` ✅.
 */
export const kotaBpsCodes: Readonly<Record<string, string>> = {
  '31.01': '3101', // Kabupaten Administrasi Kepulauan Seribu
  '31.71': '3173', // Kota Administrasi Jakarta Pusat
  '31.72': '3175', // Kota Administrasi Jakarta Utara
  '31.73': '3174', // Kota Administrasi Jakarta Barat
  '31.74': '3171', // Kota Administrasi Jakarta Selatan
  '31.75': '3172', // Kota Administrasi Jakarta Timur
};

/** Where the priority list comes from (domain brief §7). */
export const priorityKecamatanSource =
  'Wagub Rano Karno, TKPK DKI Q4 2025 Rakerda, 19 Dec 2025 (megapolitan.antaranews.com/berita/473344; jakarta.jpnn.com/jakarta-terkini/2337)';

/**
 * The 10 priority kecamatan for poverty reduction announced on 19 Dec 2025 (domain brief §7) ✅.
 * They hold 58 kelurahan in total.
 */
export const priorityKecamatan: readonly { code: string; name: string }[] = [
  { code: '31.73.01', name: 'Cengkareng' },
  { code: '31.73.06', name: 'Kalideres' },
  { code: '31.73.04', name: 'Tambora' },
  { code: '31.74.09', name: 'Jagakarsa' },
  { code: '31.71.08', name: 'Johar Baru' },
  { code: '31.75.03', name: 'Jatinegara' },
  { code: '31.72.01', name: 'Penjaringan' },
  { code: '31.72.05', name: 'Pademangan' },
  { code: '31.72.02', name: 'Tanjung Priok' },
  { code: '31.01.02', name: 'Kepulauan Seribu Selatan' },
];
