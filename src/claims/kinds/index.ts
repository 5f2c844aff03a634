import type { ClaimKind } from '../claim.js';
import { circularFraction, type CircularFractionClaim } from './circular-fraction.js';
import { crossing, type CrossingClaim } from './crossing.js';
import { ks, type KsClaim } from './ks.js';
import { median, type MedianClaim } from './median.js';
import { share, type ShareClaim } from './share.js';

/** Every claim kind; the schema's `kind` enum lists the same names (a test holds them equal). */
export type Claim = CrossingClaim | MedianClaim | CircularFractionClaim | KsClaim | ShareClaim;

type KindTable = { [K in Claim['kind']]: ClaimKind<Extract<Claim, { kind: K }>> };

export const CLAIM_KINDS: KindTable = { crossing, median, circularFraction, ks, share };
