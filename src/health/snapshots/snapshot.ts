/**
 * What a stored snapshot holds and how "what changed" is worked out between two of them. Pure:
 * no Nest, TypeORM or clock; instants are handed in.
 */
import { ComponentScore, describeScoreChange, Drivers, findDrivers, HealthBand, HealthModelDefinition, neutralScoreOf, RollUp, scoreChange, ScoreSnapshot, sinceLabel } from '../scoring';

/** A component of a snapshot: a scored model component, or (for an organisation) one of its children. */
export type StoredComponent = Omit<ComponentScore, 'kind' | 'lastSeenAt'> & { kind: ComponentScore['kind'] | 'child'; lastSeenAt: string | null };
export type SnapshotComponents = StoredComponent[];

/** Drivers, plus the roll-up facts when the snapshot is an organisation's. */
export type SnapshotDrivers = Drivers & { rollUp?: RollUpSummary };

/**
 * The stored `drivers` column: only what the components cannot answer, an organisation's roll-up
 * (`{}` for an account). Drivers repeat their components' facts, a third of a snapshot's bytes,
 * and are worked out again on read (`driversOf`). Rows written before carry full drivers, which
 * reads ignore in favour of the same computation.
 */
export type StoredDrivers = Partial<SnapshotDrivers>;

/** What a snapshot stores in its `drivers` column. */
export function storedDriversOf(drivers: SnapshotDrivers): StoredDrivers {
  return drivers.rollUp ? { rollUp: drivers.rollUp } : {};
}

/** A stored snapshot's drivers: its components' pull from the model's neutral score, and the stored roll-up. */
export function driversOf(components: readonly StoredComponent[], stored: StoredDrivers, model: Pick<HealthModelDefinition, 'neutralScore' | 'bands'>): SnapshotDrivers {
  const drivers = findDrivers(components, neutralScoreOf(model));
  return stored.rollUp ? { ...drivers, rollUp: stored.rollUp } : drivers;
}

export interface RollUpSummary {
  weighting: RollUp['weighting'];
  arrReporting: number;
  reportingCurrency: string;
  worstChild: RollUp['worstChild'];
  children: RollUp['children'];
}

export interface ChangeComponent {
  key: string;
  label: string;
  movement: 'changed' | 'entered' | 'left';
  previousScore: number | null;
  currentScore: number | null;
  /** Points of the total change, two decimals. */
  change: number;
  /** Whole points that sum to `roundedChange`. */
  roundedChange: number;
}

/** The change against one earlier snapshot. */
export interface ChangeSummary {
  /** "since yesterday", "since last Monday". */
  since: string;
  comparedWith: { day: string; computedAt: string; score: number | null; band: HealthBand; modelVersion: number };
  /** Null when either snapshot has no score. */
  change: number | null;
  roundedChange: number | null;
  bandChanged: boolean;
  components: ChangeComponent[];
  weightsChanged: boolean;
  /** "−14 since Monday: usage trend −9, support −5". */
  sentence: string;
}

export interface SnapshotChange {
  /** Against the account's previous current health (null for its first snapshot). */
  sincePrevious: ChangeSummary | null;
  /** Against the daily record of 7 days before (null when there is none). */
  sinceWeekAgo: ChangeSummary | null;
}

export interface ComparableSnapshot {
  day: string;
  computedAt: Date | string;
  score: number | null;
  band: HealthBand;
  modelVersion: number;
  components: readonly Pick<StoredComponent, 'key' | 'label' | 'weight' | 'score'>[];
}

function asScoreSnapshot(components: ComparableSnapshot['components']): ScoreSnapshot {
  return { components: components.map((component) => ({ key: component.key, label: component.label, weight: component.weight, score: component.score })) };
}

const round2 = (value: number) => Math.round(value * 100) / 100 || 0;

/** The change from `previous` to `current` in words and by component, or null without a previous snapshot. */
export function summariseChange(previous: ComparableSnapshot | null, current: Omit<ComparableSnapshot, 'day' | 'modelVersion'>, timeZone: string): ChangeSummary | null {
  if (previous === null) return null;
  const since = sinceLabel(previous.computedAt, current.computedAt, timeZone);
  const comparedWith = {
    day: previous.day,
    computedAt: new Date(previous.computedAt).toISOString(),
    score: previous.score,
    band: previous.band,
    modelVersion: previous.modelVersion,
  };
  const bandChanged = previous.band !== current.band;
  const change = scoreChange(asScoreSnapshot(previous.components), asScoreSnapshot(current.components));
  if (change === null) {
    const sentence = bandChanged ? `band ${previous.band} → ${current.band} ${since}` : `no score to compare ${since}`;
    return { since, comparedWith, change: null, roundedChange: null, bandChanged, components: [], weightsChanged: false, sentence };
  }
  return {
    since,
    comparedWith,
    change: round2(change.change),
    roundedChange: change.roundedChange,
    bandChanged,
    components: change.components.map((component) => ({ ...component, change: round2(component.change) })),
    weightsChanged: change.weightsChanged,
    sentence: describeScoreChange(change, since),
  };
}

/** Stored form of scored components (instants as ISO strings, so jsonb round-trips them unchanged). */
export function storedComponents(components: readonly ComponentScore[]): StoredComponent[] {
  return components.map(({ key, label, kind, weight, lastSeenAt, status, reason, raw, score, facts, details, share, contribution }) => ({
    key,
    label,
    kind,
    weight,
    lastSeenAt: lastSeenAt === null ? null : typeof lastSeenAt === 'string' ? lastSeenAt : lastSeenAt.toISOString(),
    status,
    reason,
    raw,
    score,
    facts,
    details,
    share,
    contribution,
  }));
}
