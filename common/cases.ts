// The case lifecycle's vocabulary (DOMAIN.md "The case lifecycle"), shared by server and web.

export const caseStatuses = [
  'draft',
  'submitted',
  'correction_requested',
  'accepted',
  'in_review',
  'suspended',
  'decided',
  'delivered',
  'archived',
  'refused',
  'withdrawn',
  'revoked',
  'terminated',
] as const;
export type CaseStatus = (typeof caseStatuses)[number];

export const caseActions = [
  'submit', 'withdraw', 'requestCorrection', 'resubmit', 'refuseIntake', 'accept', 'deemAccept',
  'startReview', 'forward', 'suspend', 'resume', 'extend', 'decide', 'issue', 'deliver', 'archive', 'revoke', 'terminate',
  'supplyPending', 'openTasks', 'answerTask', 'recordTrip', 'chooseDelivery',
] as const;
export type CaseAction = (typeof caseActions)[number];

/** Art. 45: what may pause the clock. */
export const suspendReasons = ['hearing', 'tender', 'auction', 'testing', 'inspection', 'quarantine', 'appraisal', 'expertReview'] as const;
export type SuspendReason = (typeof suspendReasons)[number];

export const filingChannels = ['online', 'mobile', 'window', 'agencyPoint'] as const;
export type FilingChannel = (typeof filingChannels)[number];

export const deliveryMethods = ['window', 'express', 'electronic'] as const;
export type DeliveryMethod = (typeof deliveryMethods)[number];

export type WarningLevel = 'none' | 'yellow' | 'red' | 'paused';

/** The 5-level rating (好差评, State Council General Office 2019 No. 51): 1 = very dissatisfied … 5 = very satisfied. */
export const ratingLevels = ['veryDissatisfied', 'dissatisfied', 'neutral', 'satisfied', 'verySatisfied'] as const;
export type RatingLevel = (typeof ratingLevels)[number];

/** What went wrong, asked of a bad rating (不满意, 非常不满意) so that the department knows what to rectify. */
export const ratingProblems = ['slow', 'attitude', 'trips', 'materials', 'unclear', 'online', 'other'] as const;
export type RatingProblem = (typeof ratingProblems)[number];

/**
 * How a material came onto a case (R1.3): uploaded online, a paper original seen at a window, filled
 * from the e-certificate library or the data sharing platform with the holder's consent, or made by
 * the applicant under a commitment (告知承诺) in place of a proof.
 */
export const materialSources = ['upload', 'paper', 'certificate', 'sharedData', 'commitment'] as const;
export type MaterialSource = (typeof materialSources)[number];

/**
 * How far a material can be trusted: A issued by a government body and signed (e-certificate, shared
 * data); B checked against the original at a window; C uploaded by the applicant, the original checked
 * on use; D made by the applicant under a commitment.
 */
export const trustLevels = ['A', 'B', 'C', 'D'] as const;
export type TrustLevel = (typeof trustLevels)[number];
