/**
 * One model version's backtest from its scored samples: the figures a CS leader reads. Pure: the
 * service gathers the samples (scores as of each outcome's horizon day), this sums them up.
 */
import type { Band, HealthBand } from '../scoring';
import {
  BandOutcome,
  CalibrationBin,
  calibrationDeciles,
  churnByBand,
  JudgementAccuracy,
  judgementAccuracy,
  median,
  RedBandAccuracy,
  redBandAccuracy,
  rocAuc,
  round,
} from './backtest-metrics';
import { fitLogistic } from './scorecard-fit';

/** Why an outcome could not be judged by a version. */
export const LEFT_OUT_REASONS = {
  'not-scored-then': 'the account did not exist yet, was archived or is a sandbox on the as-of day',
  'segment-not-in-model': "the account's segment on the as-of day is not one the version scores",
  organisation: 'an organisation (scored by rolling up its children) without a daily-record score for this version on the as-of day',
  'insufficient-data': 'too little data on the as-of day: no score, or coverage below the minimum (band unknown)',
} as const;
export type LeftOutReason = keyof typeof LEFT_OUT_REASONS;

export interface ScoredSample {
  outcomeId: string;
  accountId: string;
  outcomeDate: string;
  asOf: string;
  churned: boolean;
  segment: string;
  score: number;
  band: HealthBand;
  /** ARR on the as-of day in the reporting currency; null without an FX rate. */
  arrReporting: number | null;
  /** The override band in force on the as-of day, if any. */
  overrideBand: Band | null;
  source: 'daily-record' | 'recomputed';
}

export interface LeftOutSample {
  outcomeId: string;
  accountId: string;
  outcomeDate: string;
  asOf: string;
  reason: LeftOutReason;
}

export interface VersionEvaluation {
  sampleSize: { samples: number; churned: number; retained: number; accounts: number; fromDailyRecord: number; recomputed: number };
  auc: number | null;
  arrWeightedAuc: number | null;
  /** AUC over the samples every compared version scored (null without a comparison). */
  aucOnSharedSamples: number | null;
  bySegment: { segment: string; samples: number; churned: number; auc: number | null }[];
  bands: BandOutcome[];
  redBand: RedBandAccuracy;
  calibration: CalibrationBin[];
  leadTime: { medianDays: number | null; churnsWarned: number; churnsNotWarned: number; resolutionDays: number; lookbackDays: number };
  overrides: { samplesWithOverride: number; override: JudgementAccuracy; computedOnSameSamples: JudgementAccuracy; computedOnAllSamples: JudgementAccuracy };
  leftOut: { total: number; byReason: Record<LeftOutReason, number>; items: LeftOutSample[] };
}

const LEFT_OUT_LISTED = 200;
const rounded = (value: number | null, decimals = 4) => (value === null ? null : round(value, decimals));

export function evaluateVersion(
  scored: readonly ScoredSample[],
  leftOut: readonly LeftOutSample[],
  leadTimes: readonly (number | null)[],
  options: { sharedOutcomeIds: ReadonlySet<string> | null; resolutionDays: number; lookbackDays: number },
): VersionEvaluation {
  const churned = scored.filter((sample) => sample.churned).length;
  const segments = [...new Set(scored.map((sample) => sample.segment))].sort();
  // Calibration: a logistic curve of the score turns it into a churn probability to set beside the observed rates.
  const curve = churned > 0 && churned < scored.length ? fitLogistic(scored.map((sample) => [(100 - sample.score) / 100]), scored.map((sample) => sample.churned), { l2: 0, nonNegative: false }) : null;
  const predict = curve ? (score: number) => round(1 / (1 + Math.exp(-(curve.intercept + curve.coefficients[0] * ((100 - score) / 100)))), 4) : undefined;
  const withOverride = scored.filter((sample) => sample.overrideBand !== null);
  const byReason = Object.fromEntries(Object.keys(LEFT_OUT_REASONS).map((reason) => [reason, leftOut.filter((sample) => sample.reason === reason).length])) as Record<LeftOutReason, number>;
  const warned = leadTimes.filter((days): days is number => days !== null);
  return {
    sampleSize: {
      samples: scored.length,
      churned,
      retained: scored.length - churned,
      accounts: new Set(scored.map((sample) => sample.accountId)).size,
      fromDailyRecord: scored.filter((sample) => sample.source === 'daily-record').length,
      recomputed: scored.filter((sample) => sample.source === 'recomputed').length,
    },
    auc: rounded(rocAuc(scored)),
    arrWeightedAuc: rounded(rocAuc(scored.filter((sample) => sample.arrReporting !== null).map((sample) => ({ score: sample.score, churned: sample.churned, weight: sample.arrReporting! })))),
    aucOnSharedSamples: options.sharedOutcomeIds ? rounded(rocAuc(scored.filter((sample) => options.sharedOutcomeIds!.has(sample.outcomeId)))) : null,
    bySegment: segments.map((segment) => {
      const inSegment = scored.filter((sample) => sample.segment === segment);
      return { segment, samples: inSegment.length, churned: inSegment.filter((sample) => sample.churned).length, auc: rounded(rocAuc(inSegment)) };
    }),
    bands: churnByBand(scored).map((band) => ({ ...band, churnRate: rounded(band.churnRate) })),
    redBand: roundedRed(redBandAccuracy(scored)),
    calibration: calibrationDeciles(scored, predict).map((bin) => ({ ...bin, observedRate: round(bin.observedRate, 4) })),
    leadTime: { medianDays: median(warned), churnsWarned: warned.length, churnsNotWarned: leadTimes.length - warned.length, resolutionDays: options.resolutionDays, lookbackDays: options.lookbackDays },
    overrides: {
      samplesWithOverride: withOverride.length,
      override: roundedJudgement(judgementAccuracy(withOverride.map((sample) => ({ band: sample.overrideBand!, churned: sample.churned })))),
      computedOnSameSamples: roundedJudgement(judgementAccuracy(withOverride)),
      computedOnAllSamples: roundedJudgement(judgementAccuracy(scored)),
    },
    leftOut: { total: leftOut.length, byReason, items: leftOut.slice(0, LEFT_OUT_LISTED) },
  };
}

function roundedRed(value: RedBandAccuracy): RedBandAccuracy {
  return { flagged: value.flagged, precision: rounded(value.precision), recall: rounded(value.recall) };
}

function roundedJudgement(value: JudgementAccuracy): JudgementAccuracy {
  return { ...value, accuracy: rounded(value.accuracy) };
}
