/** Desil cut-offs whose targeting error is reported: desil 1, 1–2 and 1–4 (national bansos use 1–4, §3.2). */
export const qualityCutoffs = [1, 2, 4] as const;

/** Counts over the households of one snapshot that have a reference (true) consumption. */
export interface QualityCounts {
  households: number;
  trulyPoor: number;
  trulyExtremePoor: number;
  /** Per cut-off (desil ≤ maxDesil): households selected, and of them the truly poor. */
  cutoffs: { maxDesil: number; selected: number; selectedPoor: number }[];
  flaggedExtreme: number;
  flaggedTrulyExtreme: number;
}

/** Exclusion and inclusion error of one selection rule. */
export interface SelectionError {
  selected: number;
  selectedTrue: number;
  /** Truly poor not selected / truly poor (null when nobody is truly poor). */
  exclusionError: number | null;
  /** Selected but not truly poor / selected (null when nobody is selected). */
  inclusionError: number | null;
}

/** Targeting quality of a snapshot against the hidden consumption, as stored in `welfare_snapshot.quality`. */
export interface TargetingQuality {
  reference: string;
  households: number;
  trulyPoor: number;
  trulyExtremePoor: number;
  /** Share of the truly poor households that the ranking puts in desil 1–2. */
  poorShareInDesil1to2: number | null;
  cutoffs: ({ maxDesil: number; label: string } & SelectionError)[];
  /** The extreme-poverty flag against the truly extreme poor. */
  extremeFlag: SelectionError;
}

/** Turns raw counts into the quality report (pure: the rates are defined here and nowhere else). */
export function computeTargetingQuality(counts: QualityCounts, reference: string): TargetingQuality | null {
  if (counts.households === 0) return null;
  const cutoffs = counts.cutoffs.map((c) => ({
    maxDesil: c.maxDesil,
    label: c.maxDesil === 1 ? 'desil 1' : `desil 1–${c.maxDesil}`,
    ...selectionError(c.selected, c.selectedPoor, counts.trulyPoor),
  }));
  const desil1to2 = counts.cutoffs.find((c) => c.maxDesil === 2);
  return {
    reference,
    households: counts.households,
    trulyPoor: counts.trulyPoor,
    trulyExtremePoor: counts.trulyExtremePoor,
    poorShareInDesil1to2: desil1to2 ? ratio(desil1to2.selectedPoor, counts.trulyPoor) : null,
    cutoffs,
    extremeFlag: selectionError(counts.flaggedExtreme, counts.flaggedTrulyExtreme, counts.trulyExtremePoor),
  };
}

function selectionError(selected: number, selectedTrue: number, trulyTrue: number): SelectionError {
  return {
    selected,
    selectedTrue,
    exclusionError: ratio(trulyTrue - selectedTrue, trulyTrue),
    inclusionError: ratio(selected - selectedTrue, selected),
  };
}

function ratio(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}
