/**
 * Name normalisation for Indonesian names (issue 6, part 2). Pure: the same rules run in TypeScript (here) and in
 * SQL (`tepat_normalize_name`, created by migration from `normalizeNameSql()` below, so blocking runs in the
 * database); a test checks both give the same key for the same names.
 *
 * Steps: lower case and diacritics; degrees after a comma and abbreviated degrees (S.Pd., S.E., M.Si…); titles and
 * honorifics (H., Hj., Dr., Ir., Drs., Prof., Bpk., Ibu, Sdr.…); punctuation to spaces; abbreviations of common
 * name parts (Muh/Moh/Mhd/M./Mochammad… → muhammad, Abd → abdul, Noor → nur, Sitti → siti); old and variant
 * spellings (oe → u, dj → j, tj → c, sj → sy, ch → kh → h, dh → d, th → t, j → y, iy + vowel → i, consonant + y → i,
 * double letters single); spaces collapsed.
 */

const diacriticsFrom = 'àáâãäåāèéêëēìíîïīòóôõöōùúûüūýÿñç';
const diacriticsTo = 'aaaaaaaeeeeeiiiiiooooooouuuuuyync';

/** A regular-expression replacement, written once for JavaScript and PostgreSQL (`$1` becomes `\1` in SQL). */
interface Rule {
  pattern: string;
  replacement: string;
}

const titles = [
  'h',
  'hj',
  'dr',
  'drs',
  'dra',
  'ir',
  'prof',
  'bpk',
  'bapak',
  'ibu',
  'sdr',
  'sdri',
  'ny',
  'nn',
  'tn',
];
const muhammad = ['m', 'muh', 'moh', 'mhd', 'mohd', 'md', 'muhamad', 'mohammad', 'mohamad', 'mochammad'];
const muhammadMore = ['mochamad', 'muchammad', 'muchamad', 'mukhammad', 'muhammad'];

const rules: readonly Rule[] = [
  { pattern: "['`’]", replacement: '' },
  // Degrees follow a comma: "Budi Santoso, S.Pd., M.Pd."
  { pattern: ',.*$', replacement: '' },
  // Abbreviated degrees without a comma: S.Pd, S.E., M.Si, A.Md.
  { pattern: '(^|[^a-z])[sdma]\\.\\s?[a-z]{1,4}(\\.[a-z]{1,2})*\\.?', replacement: '$1 ' },
  { pattern: `(^|[^a-z])(${titles.join('|')})(\\.|\\s|$)`, replacement: '$1 ' },
  { pattern: '[^a-z]+', replacement: ' ' },
  { pattern: '^ *| *$', replacement: ' ' },
  { pattern: ` (${[...muhammad, ...muhammadMore].join('|')})(?= )`, replacement: ' muhammad' },
  { pattern: ' (abd|abdl)(?= )', replacement: ' abdul' },
  { pattern: ' (noor|nor|nurr)(?= )', replacement: ' nur' },
  { pattern: ' (sitti|sity)(?= )', replacement: ' siti' },
  { pattern: 'oe', replacement: 'u' },
  { pattern: 'dj', replacement: 'j' },
  { pattern: 'tj', replacement: 'c' },
  { pattern: 'sj', replacement: 'sy' },
  { pattern: 'ch', replacement: 'kh' },
  { pattern: 'kh', replacement: 'h' },
  { pattern: 'dh', replacement: 'd' },
  { pattern: 'th', replacement: 't' },
  { pattern: 'j', replacement: 'y' },
  { pattern: 'iy([aeou])', replacement: 'i$1' },
  { pattern: '([b-df-hk-np-tv-z])y', replacement: '$1i' },
  { pattern: '([a-z])\\1', replacement: '$1' },
  { pattern: ' +', replacement: ' ' },
  { pattern: '^ | $', replacement: '' },
];

const compiled = rules.map((r) => ({ regex: new RegExp(r.pattern, 'g'), replacement: r.replacement }));

/** The normalised form of a name: comparable words separated by one space. */
export function normalizeName(name: string): string {
  let s = name.toLowerCase().normalize('NFC');
  let translated = '';
  for (const ch of s) {
    const at = diacriticsFrom.indexOf(ch);
    translated += at >= 0 ? diacriticsTo[at] : ch;
  }
  s = translated;
  for (const rule of compiled) s = s.replace(rule.regex, rule.replacement);
  return s;
}

/** The name key used for blocking and comparison: the normalised name without spaces. */
export function nameKey(name: string): string {
  return normalizeName(name).replaceAll(' ', '');
}

const quote = (text: string) => `'${text.replaceAll("'", "''")}'`;

/** The body of the SQL function `tepat_normalize_name(text)`: the same rules, as a PL/pgSQL function. */
export function normalizeNameSql(): string {
  const steps = rules
    .map(
      (r) =>
        `  s := regexp_replace(s, ${quote(r.pattern)}, ${quote(r.replacement.replace(/\$(\d)/g, '\\$1'))}, 'g');`,
    )
    .join('\n');
  return `CREATE OR REPLACE FUNCTION tepat_normalize_name(raw text) RETURNS text
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE s text;
BEGIN
  s := translate(lower(raw), ${quote(diacriticsFrom)}, ${quote(diacriticsTo)});
${steps}
  RETURN s;
END;
$$;`;
}
