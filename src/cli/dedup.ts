import type { Command } from 'commander';
import type { DedupResult } from '../modules/dedup/dedup.service.ts';
import { jobProgressBar } from './progress.ts';
import { withContext } from './runtime.ts';

/** `tepat dedup`: one deduplication run over the whole registry (the `dedup.run` job), with a progress bar. */
export function registerDedupCommand(program: Command) {
  program
    .command('dedup')
    .description(
      'Find duplicate persons (blocking, Fellegi–Sunter scoring with EM-estimated weights); merge the certain ones, queue the rest for review',
    )
    .action(() =>
      withContext(async (ctx) => {
        const bar = jobProgressBar('dedup');
        const state = await ctx.jobs.run('dedup.run', {}, (s) => bar.update(s));
        bar.stop();
        if (state.status === 'failed')
          throw new Error(`Deduplication failed: ${state.error ?? 'unknown error'}`);
        const r = state.result as DedupResult;
        console.log(
          `Run ${r.runId}: ${r.personsConsidered.toLocaleString('en')} persons, ${r.pairsCompared.toLocaleString('en')} pairs compared in ${r.seconds.toFixed(1)} s (${Math.round(r.pairsCompared / r.seconds).toLocaleString('en')}/s); ${r.autoMerged} merged automatically, ${r.review} for review.`,
        );
      }),
    );
}
