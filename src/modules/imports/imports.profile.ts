/**
 * Phase timing of an import: the service and the apply statements report how long each phase took, so a slow
 * import can be pinned to one statement (the benchmark prints the totals). Without a recorder nothing is timed.
 */
export type PhaseTimer = <T>(phase: string, work: () => Promise<T>) => Promise<T>;

export const untimed: PhaseTimer = (_phase, work) => work();

export interface PhaseTotal {
  phase: string;
  calls: number;
  seconds: number;
}

/** A timer that adds up the milliseconds of each phase name, and the totals it has seen in first-seen order. */
export function phaseRecorder(): { timer: PhaseTimer; totals: () => PhaseTotal[] } {
  const totals = new Map<string, { calls: number; ms: number }>();
  const timer: PhaseTimer = async (phase, work) => {
    const started = performance.now();
    try {
      return await work();
    } finally {
      const total = totals.get(phase) ?? { calls: 0, ms: 0 };
      total.calls += 1;
      total.ms += performance.now() - started;
      totals.set(phase, total);
    }
  };
  return {
    timer,
    totals: () =>
      [...totals].map(([phase, t]) => ({ phase, calls: t.calls, seconds: Number((t.ms / 1000).toFixed(3)) })),
  };
}
