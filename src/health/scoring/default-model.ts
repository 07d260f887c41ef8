/**
 * The default health model, from DESIGN.md's practitioners' defaults. Curves are written so that
 * "as expected" lands at or just above the neutral score 75 (flat usage, commit on pace, quality on
 * target, no tickets) and each step towards trouble costs visibly; see the README for the why.
 */
import type { HealthModelDefinition } from './health-model';

export const DEFAULT_HEALTH_MODEL: HealthModelDefinition = {
  components: [
    {
      key: 'usage-trend',
      label: 'usage trend',
      kind: 'usage-trend',
      weight: 25,
      parameters: { minimumBaseline: 1 },
      // x: % change of the main metric, last 28 days against the 28 before. Flat is 75; −10% is a
      // dip worth a look (60); −30% is a real decline (25); −50% or worse is 0; +25% or more is 100.
      curve: {
        type: 'linear',
        points: [
          { x: -50, y: 0 },
          { x: -30, y: 25 },
          { x: -10, y: 60 },
          { x: 0, y: 75 },
          { x: 10, y: 85 },
          { x: 25, y: 100 },
        ],
      },
      staleAfterDays: 7,
    },
    {
      key: 'commit-pacing',
      label: 'commit pacing',
      kind: 'commit-pacing',
      weight: 20,
      parameters: { minimumElapsedDays: 7 },
      // x: consumption as % of the pro-rata commit (PAYG: 28-day run-rate as % of the 90-day peak).
      // 95% is neutral, on pace 85, 110% (heading for an overage: expansion) 100; below 70% the
      // customer will not use what it bought (30), at half pace 0.
      curve: {
        type: 'linear',
        points: [
          { x: 50, y: 0 },
          { x: 70, y: 30 },
          { x: 85, y: 60 },
          { x: 95, y: 75 },
          { x: 100, y: 85 },
          { x: 110, y: 100 },
        ],
      },
      staleAfterDays: 7,
    },
    {
      key: 'call-quality',
      label: 'call quality',
      kind: 'call-quality',
      weight: 15,
      // Each metric scores 100 at its "good" threshold and 0 at its "bad" one; the weakest sets the raw value.
      parameters: { joinSuccessGood: 0.99, joinSuccessBad: 0.95, freezeRateGood: 0.02, freezeRateBad: 0.08, p95LatencyGoodMs: 400, p95LatencyBadMs: 1000, combine: 'min' },
      curve: {
        type: 'linear',
        points: [
          { x: 0, y: 0 },
          { x: 100, y: 100 },
        ],
      },
      staleAfterDays: 7,
    },
    {
      key: 'support',
      label: 'support',
      kind: 'support',
      weight: 15,
      // x: support pressure points (open P1 25, open P2 10, SLA breach 15, escalation 10, in 90 days).
      // One open P2 reads 85, one open P1 60, a P1 that breached its SLA 40 points → 42, 100 points → 0.
      parameters: { openP1Points: 25, openP2Points: 10, slaBreachPoints: 15, escalationPoints: 10 },
      curve: {
        type: 'linear',
        points: [
          { x: 0, y: 100 },
          { x: 10, y: 85 },
          { x: 25, y: 60 },
          { x: 50, y: 30 },
          { x: 100, y: 0 },
        ],
      },
      staleAfterDays: null,
    },
    {
      key: 'adoption',
      label: 'adoption',
      kind: 'adoption',
      weight: 10,
      parameters: { minimumRelevantFeatures: 1 },
      // x: % of the features relevant to the account's use cases that are adopted. Diminishing
      // returns: the first quarter matters most (40), 60% is neutral-ish (78), all of them 100.
      curve: {
        type: 'linear',
        points: [
          { x: 0, y: 0 },
          { x: 25, y: 40 },
          { x: 50, y: 70 },
          { x: 75, y: 90 },
          { x: 100, y: 100 },
        ],
      },
      staleAfterDays: 14,
    },
    {
      key: 'sentiment',
      label: 'sentiment',
      kind: 'sentiment',
      weight: 10,
      parameters: { fadeDays: 180, decisionMakerWeight: 2, decisionMakerRoles: ['decision-maker', 'economic-buyer', 'executive'] },
      // x: faded NPS −100..100. Passives (0) read 60; a promoter-leaning account (+50) 90.
      curve: {
        type: 'linear',
        points: [
          { x: -100, y: 0 },
          { x: -50, y: 20 },
          { x: 0, y: 60 },
          { x: 50, y: 90 },
          { x: 100, y: 100 },
        ],
      },
      staleAfterDays: null,
    },
    {
      key: 'relationship',
      label: 'relationship',
      kind: 'relationship',
      weight: 5,
      // Raw 0–100: touchpoint recency (100 within 30 days, 0 at 90) weighted 70%, an executive sponsor 30%.
      parameters: { touchpointGoodDays: 30, touchpointBadDays: 90, executiveSponsorShare: 0.3 },
      curve: {
        type: 'linear',
        points: [
          { x: 0, y: 0 },
          { x: 100, y: 100 },
        ],
      },
      staleAfterDays: null,
    },
  ],
  bands: { green: 75, yellow: 50 },
  minimumCoverage: 0.6,
  neutralScore: 75,
  segments: [],
};
