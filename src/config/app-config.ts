import { hostname } from 'node:os';
import path from 'node:path';
import { validateCronExpression } from 'cron';

/** Names of the scheduled jobs; each reads its schedule from `JOB_<NAME>_CRON`. */
export const JOB_NAMES = [
  'housekeeping',
  'health-scores',
  'recommendation-stats',
  'review-planning',
  'review-agendas',
  'reminders',
  'notification-delivery',
  'exports',
] as const;
export type JobName = (typeof JOB_NAMES)[number];

/** Defaults are what a fresh installation runs; an empty variable switches a job's schedule off. */
const DEFAULT_JOB_CRONS: Record<JobName, string> = {
  housekeeping: '0 30 3 * * *',
  'health-scores': '0 */15 * * * *',
  // Nightly, after the day's first full health run: peer statistics, then the review plan (which
  // reads red bands and breached P1s); agendas hourly so a document is ready the day it is due.
  'recommendation-stats': '0 0 4 * * *',
  'review-planning': '0 15 4 * * *',
  'review-agendas': '0 30 * * * *',
  // Digests are due at each manager's own 09:00, zones at :30 and :45 included: a 5-minute tick
  // meets them all. Both are harmless without subscriptions or SMTP: nothing is sent then.
  reminders: '0 */5 * * * *',
  'notification-delivery': '0 * * * * *',
  exports: '',
};

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface AppConfig {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  /** True when DATA_DIR was given rather than defaulted. */
  dataDirExplicit: boolean;
  adminApiKey: string | undefined;
  businessTimezone: string;
  reportingCurrency: string;
  metricsToken: string | undefined;
  logLevel: LogLevel;
  /** `auto`: demo data on the first start of an embedded database only. */
  demoData: 'auto' | boolean;
  databasePoolSize: number;
  jobCrons: Record<JobName, string>;
  jobLeaseSeconds: number;
  instanceId: string;
  shutdownTimeoutMs: number;
  /**
   * How far V8 lets the old generation grow past the live heap before its next full collection
   * (percent; 0 leaves V8's own factor, up to 300%). A soft budget: the live heap itself is not capped.
   */
  heapGrowingPercent: number;
  /** A feature counts as adopted from this share of eligible users on (percent, 0–100). */
  adoptionThresholdPct: number;
  /** A health score that fell at least this many points in 7 days opens a `score_fell` alert. */
  alertScoreDropPoints: number;
  /**
   * Each health run's own snapshots (health_scores) are kept this long; the daily record and the
   * current health are copies and stay. Without a limit a daily full run of 100k accounts adds ~0.5 GB a day.
   */
  healthSnapshotRetentionDays: number;
  notifications: NotificationsConfig;
  /** Where the `exports` job drops its files (`<dir>/<date>/<dataset>.<format>`). */
  exportDir: string;
  /** How many days of dropped files the `exports` job keeps. */
  exportKeepDays: number;
  /** Formats the `exports` job writes. */
  exportFormats: ExportFormat[];
  /** Deletion tombstones are kept this long; an export cursor older than that is refused (full pull needed). */
  exportTombstoneKeepDays: number;
  /** The read-only database role for the `bi` schema. */
  biRoleName: string;
  /** The review-agendas job writes a review's brief and agenda this many days before it is due. */
  reviewAgendaLeadDays: number;
  /** A review with no meeting booked this many days before due is flagged for a nudge. */
  reviewNudgeDays: number;
  /** Recommendations: a peer group (segment and industry, then segment) needs this many accounts, else the next wider one is used. */
  recommendationMinPeers: number;
}

export const EXPORT_FORMATS = ['csv', 'ndjson', 'parquet'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Notifications: webhooks, SMTP email and the daily digest. */
export interface NotificationsConfig {
  /** Webhook targets on loopback, private and link-local addresses are refused unless this is true. */
  webhookAllowPrivate: boolean;
  /** Attempts per delivery before it is dead. */
  webhookMaxAttempts: number;
  /** Nominal delay after the first failure; it doubles after each further failure (with jitter). */
  webhookRetryBaseSeconds: number;
  webhookRetryMaxSeconds: number;
  webhookTimeoutMs: number;
  /** `smtp://` or `smtps://` URL; email is off when unset. */
  smtpUrl: string | undefined;
  emailFrom: string | undefined;
  /** Local hour (0–23) of each manager's digest, in the manager's time zone. */
  digestHour: number;
  /** Base of the links in messages, e.g. https://health.example.com. */
  publicBaseUrl: string;
}

export class ConfigError extends Error {
  constructor(readonly variable: string, message: string) {
    super(`Invalid configuration: ${variable} ${message}`);
  }
}

export function jobCronVariable(job: JobName): string {
  return `JOB_${job.toUpperCase().replace(/-/g, '_')}_CRON`;
}

type Env = Record<string, string | undefined>;

function optional(env: Env, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

/** See `heapGrowingPercent`; the README's ingest benchmark says what it changes. */
export const DEFAULT_HEAP_GROWING_PERCENT = 50;

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = optional(env, name);
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new ConfigError(name, `must be an integer from ${min} to ${max} (got "${raw}")`);
  }
  return Number(raw);
}

function percent(env: Env, name: string, fallback: number): number {
  const raw = optional(env, name);
  if (raw === undefined) return fallback;
  if (!/^\d{1,3}(\.\d{1,2})?$/.test(raw) || Number(raw) <= 0 || Number(raw) > 100) {
    throw new ConfigError(name, `must be a percentage above 0 and at most 100, with up to 2 decimals (got "${raw}")`);
  }
  return Number(raw);
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = optional(env, name);
  if (raw === undefined) return fallback;
  if (!allowed.includes(raw as T)) {
    throw new ConfigError(name, `must be one of ${allowed.join(', ')} (got "${raw}")`);
  }
  return raw as T;
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function exportFormats(env: Env): ExportFormat[] {
  const raw = optional(env, 'EXPORT_FORMATS') ?? 'csv,parquet';
  const formats = raw.split(',').map((format) => format.trim());
  if (formats.some((format) => !EXPORT_FORMATS.includes(format as ExportFormat))) {
    throw new ConfigError('EXPORT_FORMATS', `must be a comma-separated list of ${EXPORT_FORMATS.join(', ')} (got "${raw}")`);
  }
  return [...new Set(formats as ExportFormat[])];
}

function roleName(env: Env, name: string, fallback: string): string {
  const raw = optional(env, name) ?? fallback;
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(raw)) throw new ConfigError(name, `must be a lower-case SQL role name: letters, digits and _ (got "${raw}")`);
  return raw;
}

function notificationsConfig(env: Env, port: number): NotificationsConfig {
  const allowPrivate = oneOf(env, 'WEBHOOK_ALLOW_PRIVATE', ['true', 'false'] as const, 'false');
  const smtpUrl = optional(env, 'SMTP_URL');
  if (smtpUrl !== undefined && !/^smtps?:\/\/[^\s]+$/.test(smtpUrl)) throw new ConfigError('SMTP_URL', 'must be an smtp:// or smtps:// URL');
  const emailFrom = optional(env, 'EMAIL_FROM');
  if (smtpUrl !== undefined && emailFrom === undefined) throw new ConfigError('EMAIL_FROM', 'must be set when SMTP_URL is (the sender address, e.g. "Account Health <cs@example.com>")');
  const publicBaseUrl = (optional(env, 'PUBLIC_BASE_URL') ?? `http://localhost:${port}`).replace(/\/+$/, '');
  if (!/^https?:\/\/[^\s]+$/.test(publicBaseUrl)) throw new ConfigError('PUBLIC_BASE_URL', `must be an http(s) URL (got "${publicBaseUrl}")`);
  const retryBase = integer(env, 'WEBHOOK_RETRY_BASE_SECONDS', 30, 1, 86400);
  return {
    webhookAllowPrivate: allowPrivate === 'true',
    webhookMaxAttempts: integer(env, 'WEBHOOK_MAX_ATTEMPTS', 8, 1, 50),
    webhookRetryBaseSeconds: retryBase,
    webhookRetryMaxSeconds: Math.max(retryBase, integer(env, 'WEBHOOK_RETRY_MAX_SECONDS', 21600, 1, 604800)),
    webhookTimeoutMs: integer(env, 'WEBHOOK_TIMEOUT_MS', 10000, 100, 120000),
    smtpUrl,
    emailFrom,
    digestHour: integer(env, 'DIGEST_HOUR', 9, 0, 23),
    publicBaseUrl,
  };
}

/** Parses and validates the environment once, at start-up; nothing else reads `process.env`. */
export function loadConfig(env: Env = process.env): AppConfig {
  const databaseUrl = optional(env, 'DATABASE_URL');
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL', 'must be a postgres:// or postgresql:// URL');
  }
  const businessTimezone = optional(env, 'BUSINESS_TIMEZONE') ?? 'UTC';
  if (!isTimeZone(businessTimezone)) {
    throw new ConfigError('BUSINESS_TIMEZONE', `must be an IANA time zone such as Europe/Berlin (got "${businessTimezone}")`);
  }
  const reportingCurrency = optional(env, 'REPORTING_CURRENCY') ?? 'USD';
  if (!/^[A-Z]{3}$/.test(reportingCurrency)) {
    throw new ConfigError('REPORTING_CURRENCY', `must be an ISO 4217 code such as USD (got "${reportingCurrency}")`);
  }
  const adminApiKey = optional(env, 'ADMIN_API_KEY');
  if (adminApiKey !== undefined && (adminApiKey.length < 24 || /\s/.test(adminApiKey))) {
    throw new ConfigError('ADMIN_API_KEY', 'must be at least 24 characters without spaces');
  }
  const demoRaw = oneOf(env, 'DEMO_DATA', ['true', 'false', 'auto'] as const, 'auto');
  const jobCrons = {} as Record<JobName, string>;
  for (const job of JOB_NAMES) {
    const variable = jobCronVariable(job);
    const value = env[variable] === undefined ? DEFAULT_JOB_CRONS[job] : env[variable]!.trim();
    if (value !== '' && !validateCronExpression(value).valid) {
      throw new ConfigError(variable, `must be a cron expression (5 or 6 fields, seconds first when 6) or empty to disable (got "${value}")`);
    }
    jobCrons[job] = value;
  }
  const dataDirRaw = optional(env, 'DATA_DIR');
  const port = integer(env, 'PORT', 3000, 0, 65535);
  return {
    port,
    host: optional(env, 'HOST') ?? '0.0.0.0',
    databaseUrl,
    dataDir: path.resolve(dataDirRaw ?? './.data'),
    dataDirExplicit: dataDirRaw !== undefined,
    adminApiKey,
    businessTimezone,
    reportingCurrency,
    metricsToken: optional(env, 'METRICS_TOKEN'),
    logLevel: oneOf(env, 'LOG_LEVEL', LOG_LEVELS, 'info'),
    demoData: demoRaw === 'auto' ? 'auto' : demoRaw === 'true',
    databasePoolSize: integer(env, 'DATABASE_POOL_SIZE', 10, 1, 200),
    jobCrons,
    jobLeaseSeconds: integer(env, 'JOB_LEASE_SECONDS', 60, 2, 3600),
    instanceId: optional(env, 'INSTANCE_ID') ?? `${hostname()}:${process.pid}`,
    shutdownTimeoutMs: integer(env, 'SHUTDOWN_TIMEOUT_MS', 10000, 0, 600000),
    heapGrowingPercent: integer(env, 'HEAP_GROWING_PERCENT', DEFAULT_HEAP_GROWING_PERCENT, 0, 300),
    adoptionThresholdPct: percent(env, 'ADOPTION_THRESHOLD_PCT', 20),
    alertScoreDropPoints: integer(env, 'ALERT_SCORE_DROP_POINTS', 15, 1, 100),
    healthSnapshotRetentionDays: integer(env, 'HEALTH_SNAPSHOT_RETENTION_DAYS', 35, 1, 3650),
    notifications: notificationsConfig(env, port),
    exportDir: path.resolve(optional(env, 'EXPORT_DIR') ?? path.join(dataDirRaw ?? './.data', 'exports')),
    exportKeepDays: integer(env, 'EXPORT_KEEP_DAYS', 7, 1, 3650),
    exportFormats: exportFormats(env),
    exportTombstoneKeepDays: integer(env, 'EXPORT_TOMBSTONE_KEEP_DAYS', 30, 1, 3650),
    biRoleName: roleName(env, 'BI_ROLE_NAME', 'bi_reader'),
    recommendationMinPeers: integer(env, 'RECOMMENDATION_MIN_PEERS', 10, 1, 100000),
    reviewAgendaLeadDays: integer(env, 'REVIEW_AGENDA_LEAD_DAYS', 14, 1, 90),
    reviewNudgeDays: integer(env, 'REVIEW_NUDGE_DAYS', 35, 1, 180),
  };
}

/** Injection token for the validated configuration. */
export const APP_CONFIG = Symbol('APP_CONFIG');
