import { defineJob } from '../../platform/jobs.js';
import { deemOverdueIntakes, enforcePendingCommitments } from './service.js';

/** Art. 32: cases without an intake decision after 5 working days count as accepted from receipt. */
export const deemAcceptJob = defineJob({
  name: 'cases.deem-accepted',
  everyMs: 10 * 60_000,
  run: async ({ db, clock }) => ((await deemOverdueIntakes(db, clock.now())) > 0 ? 'done' : 'skipped'),
});

/** Acceptance with pending materials: overdue commitments are enforced and recorded. */
export const pendingCommitmentsJob = defineJob({
  name: 'cases.enforce-commitments',
  everyMs: 10 * 60_000,
  run: async ({ db, clock }) => ((await enforcePendingCommitments(db, clock.now())) > 0 ? 'done' : 'skipped'),
});
