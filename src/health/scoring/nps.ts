/**
 * Sentiment from NPS responses: each response counts less as it ages (linearly to nothing at
 * `fadeDays`, 180 by default) and a decision maker's counts more. Responses are classed the NPS
 * way (promoter 9–10: +100, passive 7–8: 0, detractor 0–6: −100) and averaged by weight.
 *
 * While the weights add up to less than one fresh response, the average is taken over one full
 * response instead, so a lone old answer fades towards neutral (0) rather than speaking at full
 * volume until the day it drops out: a single detractor 90 days ago reads −50, not −100.
 */
import { daysBetween, Instant } from './time';

export interface NpsResponse {
  /** 0–10. */
  score: number;
  respondedAt: Instant;
  /** The respondent's role as ingested (e.g. "decision-maker", "Economic buyer", "user"), or null. */
  respondentRole: string | null;
}

export interface NpsSettings {
  fadeDays: number;
  decisionMakerWeight: number;
  /** Roles counted as decision makers, compared case-insensitively with spaces and _ read as -. */
  decisionMakerRoles: readonly string[];
}

export const DEFAULT_NPS_SETTINGS: NpsSettings = { fadeDays: 180, decisionMakerWeight: 2, decisionMakerRoles: ['decision-maker', 'economic-buyer', 'executive'] };

export interface FadedNps {
  /** −100..100, or null when no response lies within the fade window before `asOf`. */
  nps: number | null;
  /** Responses inside the window (answered at or before `asOf`, less than `fadeDays` old). */
  responsesCounted: number;
  promoters: number;
  passives: number;
  detractors: number;
  /** Sum of the responses' weights (fade × role weight). */
  totalWeight: number;
  /** The most recent decision maker's answer in the window, for the CSM's sentence. */
  latestDecisionMaker: { score: number; respondedAt: Instant } | null;
}

/** 1 for a response given at `asOf`, falling linearly to 0 at `fadeDays`; 0 for answers after `asOf`. */
export function fadingWeight(ageDays: number, fadeDays: number): number {
  if (ageDays < 0 || ageDays >= fadeDays) return 0;
  return 1 - ageDays / fadeDays;
}

export function npsCategory(score: number): 'promoter' | 'passive' | 'detractor' {
  if (score >= 9) return 'promoter';
  if (score >= 7) return 'passive';
  return 'detractor';
}

export function isDecisionMaker(role: string | null, decisionMakerRoles: readonly string[]): boolean {
  if (role === null) return false;
  const normalised = normaliseRole(role);
  return decisionMakerRoles.some((candidate) => normaliseRole(candidate) === normalised);
}

function normaliseRole(role: string): string {
  return role.trim().toLowerCase().replace(/[\s_]+/g, '-');
}

const CATEGORY_VALUE = { promoter: 100, passive: 0, detractor: -100 } as const;

/** The faded, role-weighted NPS of an account's responses as of `asOf`. */
export function fadedNps(responses: readonly NpsResponse[], asOf: Instant, settings: NpsSettings = DEFAULT_NPS_SETTINGS): FadedNps {
  const result: FadedNps = { nps: null, responsesCounted: 0, promoters: 0, passives: 0, detractors: 0, totalWeight: 0, latestDecisionMaker: null };
  let weightedSum = 0;
  let latestDecisionMakerAge = Infinity;
  for (const response of responses) {
    const age = daysBetween(response.respondedAt, asOf);
    const fade = fadingWeight(age, settings.fadeDays);
    if (fade === 0) continue;
    const decisionMaker = isDecisionMaker(response.respondentRole, settings.decisionMakerRoles);
    const weight = fade * (decisionMaker ? settings.decisionMakerWeight : 1);
    const category = npsCategory(response.score);
    result.responsesCounted++;
    result[category === 'promoter' ? 'promoters' : category === 'passive' ? 'passives' : 'detractors']++;
    result.totalWeight += weight;
    weightedSum += weight * CATEGORY_VALUE[category];
    if (decisionMaker && age < latestDecisionMakerAge) {
      latestDecisionMakerAge = age;
      result.latestDecisionMaker = { score: response.score, respondedAt: response.respondedAt };
    }
  }
  if (result.responsesCounted > 0) {
    const nps = weightedSum / Math.max(result.totalWeight, 1);
    result.nps = nps === 0 ? 0 : nps;
  }
  return result;
}
