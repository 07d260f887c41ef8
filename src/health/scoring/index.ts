/**
 * Pure health scoring: the contract the health runs, snapshots, alerts and APIs build on. No Nest,
 * TypeORM or database here; every "now" is an `asOf` argument.
 */
export type { CategoryMap, Curve, CurvePoint, LinearCurve, RawValue } from './curve';
export { curveErrors, evaluateCurve, evaluateLinear, evaluateMap } from './curve';
export type { BandThresholds, ComponentKind, ComponentParameters, HealthComponentDefinition, HealthModelDefinition, ParameterValue } from './health-model';
export { assertValidHealthModel, COMPONENT_KINDS, healthModelErrors, neutralScoreOf, PARAMETER_SPECS, resolveParameters, selectModelForSegment, withDefaults } from './health-model';
export { DEFAULT_HEALTH_MODEL } from './default-model';
export type {
  AccountSignals,
  AdoptionSignals,
  AttributeValue,
  CallQualitySignals,
  CommitConsumptionSignals,
  CommitPacingSignals,
  ComponentReading,
  PaygRunRateSignals,
  ReadingDetails,
  RelationshipSignals,
  SupportSignals,
  TicketSeverity,
  UsageTrendSignals,
} from './components';
export { readComponent } from './components';
export type { FadedNps, NpsResponse, NpsSettings } from './nps';
export { DEFAULT_NPS_SETTINGS, fadedNps, fadingWeight, isDecisionMaker, npsCategory } from './nps';
export type { Band, ComponentScore, HealthBand, HealthScore, ScoreOptions } from './score';
export { BAND_ORDER, bandFor, bandOfScore, combineComponents, scoreAccount, scoreComponent } from './score';
export type { Driver, DriverInput, Drivers } from './drivers';
export { DEFAULT_DRIVER_LIMIT, findDrivers } from './drivers';
export type { ComponentChange, ScoreChange, ScoreSnapshot, SnapshotComponent } from './what-changed';
export { describeScoreChange, scoreChange, sinceLabel } from './what-changed';
export type { RolledUpChild, RollUp, RollUpChild, RollUpExclusion, RollUpSettings } from './roll-up';
export { rollUp } from './roll-up';
export type { ComputedHealth, EffectiveHealth, HealthOverride, OverrideReasonCode, OverrideState } from './override';
export { effectiveHealth, MAX_OVERRIDE_DAYS, OVERRIDE_REASON_CODES, overrideErrors, overrideState } from './override';
export type { Instant } from './time';
