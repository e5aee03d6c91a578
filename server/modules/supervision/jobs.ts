import { defineJob } from '../../platform/jobs.js';
import { ROLLUP_JOB, runRollup } from './rollup.js';
import { runWarnings } from './warnings.js';

/** Keeps the case facts and the daily rollup the KPIs are summed from up to date with the cases' events. */
export const rollupJob = defineJob({
  name: ROLLUP_JOB,
  everyMs: 60_000,
  run: async ({ db, clock }) => ((await runRollup(db, clock.now())).cases > 0 ? 'done' : 'skipped'),
});

/** Tells the handling department when a case turns yellow or red, and escalates while it stays red. */
export const warningsJob = defineJob({
  name: 'supervision.warnings',
  everyMs: 5 * 60_000,
  run: async ({ db, clock }) => ((await runWarnings(db, clock.now())).length > 0 ? 'done' : 'skipped'),
});
