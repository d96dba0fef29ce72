-- Indonesian name normalisation (issue 6, part 2) as an IMMUTABLE function, so deduplication blocks in the database.
-- Generated from the rules in src/modules/dedup/dedup.normalize.ts; a test checks the SQL and TypeScript agree.
CREATE OR REPLACE FUNCTION tepat_normalize_name(raw text) RETURNS text
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE s text;
BEGIN
  s := translate(lower(raw), 'àáâãäåāèéêëēìíîïīòóôõöōùúûüūýÿñç', 'aaaaaaaeeeeeiiiiiooooooouuuuuyync');
  s := regexp_replace(s, '[''`’]', '', 'g');
  s := regexp_replace(s, ',.*$', '', 'g');
  s := regexp_replace(s, '(^|[^a-z])[sdma]\.\s?[a-z]{1,4}(\.[a-z]{1,2})*\.?', '\1 ', 'g');
  s := regexp_replace(s, '(^|[^a-z])(h|hj|dr|drs|dra|ir|prof|bpk|bapak|ibu|sdr|sdri|ny|nn|tn)(\.|\s|$)', '\1 ', 'g');
  s := regexp_replace(s, '[^a-z]+', ' ', 'g');
  s := regexp_replace(s, '^ *| *$', ' ', 'g');
  s := regexp_replace(s, ' (m|muh|moh|mhd|mohd|md|muhamad|mohammad|mohamad|mochammad|mochamad|muchammad|muchamad|mukhammad|muhammad)(?= )', ' muhammad', 'g');
  s := regexp_replace(s, ' (abd|abdl)(?= )', ' abdul', 'g');
  s := regexp_replace(s, ' (noor|nor|nurr)(?= )', ' nur', 'g');
  s := regexp_replace(s, ' (sitti|sity)(?= )', ' siti', 'g');
  s := regexp_replace(s, 'oe', 'u', 'g');
  s := regexp_replace(s, 'dj', 'j', 'g');
  s := regexp_replace(s, 'tj', 'c', 'g');
  s := regexp_replace(s, 'sj', 'sy', 'g');
  s := regexp_replace(s, 'ch', 'kh', 'g');
  s := regexp_replace(s, 'kh', 'h', 'g');
  s := regexp_replace(s, 'dh', 'd', 'g');
  s := regexp_replace(s, 'th', 't', 'g');
  s := regexp_replace(s, 'j', 'y', 'g');
  s := regexp_replace(s, 'iy([aeou])', 'i\1', 'g');
  s := regexp_replace(s, '([b-df-hk-np-tv-z])y', '\1i', 'g');
  s := regexp_replace(s, '([a-z])\1', '\1', 'g');
  s := regexp_replace(s, ' +', ' ', 'g');
  s := regexp_replace(s, '^ | $', '', 'g');
  RETURN s;
END;
$$;
