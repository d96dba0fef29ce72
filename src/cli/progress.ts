import cliProgress from 'cli-progress';
import type { JobState } from '../modules/jobs/jobs.service.ts';

/** A terminal progress bar that follows a job's progress; prints plain lines when not a TTY. */
export function jobProgressBar(label: string) {
  const bar = new cliProgress.SingleBar(
    {
      format: `${label} [{bar}] {percentage}% | {value}/{total} | {message}`,
      noTTYOutput: true,
      notTTYSchedule: 5000,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(state: JobState) {
      const total = state.total ?? 0;
      if (!started && total > 0) {
        bar.start(total, 0, { message: '' });
        started = true;
      }
      if (started) {
        bar.setTotal(total);
        bar.update(state.progress, { message: state.message ?? '' });
      }
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
