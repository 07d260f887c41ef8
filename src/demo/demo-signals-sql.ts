/**
 * Writes the demo's signals: one set-based statement per table. Usage and adoption expand their
 * per-account parameters over `generate_series` in the database, with noise looked up in a table
 * of seeded numbers by (account noise key, day, metric), so the same seed gives the same rows on
 * every server. Values are rounded (units, cents, four decimals for ratios) so floating-point
 * maths cannot leak into the stored figures. Only accounts this load inserted get signals, so the
 * inserts cannot meet existing rows. Each account's days are computed once (a materialised step)
 * and then fanned out to its metrics.
 */
import type { Client } from 'pg';
import { DemoSignals, NOISE_SIZE } from './demo-signals';

type Queryable = Pick<Client, 'query'>;

export interface DemoSignalCounts {
  usage: number;
  adoption: number;
  tickets: number;
  touchpoints: number;
  nps: number;
  outcomes: number;
}

/**
 * A uniform [0, 1) number for an (account key, day, slot): a lookup in the seeded noise table at
 * a position that moves by a different stride per day and per slot (NOISE_SIZE is prime, so
 * neighbouring days and metrics land far apart). Cheap enough for a million rows.
 */
const uniform = (noise: string, key: string, back: string, slot: string) => `${noise}[1 + ((${key} + ${back} * 7919 + ${slot} * 104729) % ${NOISE_SIZE})]`;

/** Month and day as a number (1225 = 25 December) for the school-holiday calendar. */
const MONTH_DAY = `(extract(month FROM d.day) * 100 + extract(day FROM d.day))`;

const USAGE_SQL = `
WITH p AS (
  SELECT p.*, a.id AS account_id
  FROM jsonb_to_recordset($1::jsonb) AS p("externalId" text, "noiseKey" bigint, shape text, "firstBack" int, growth float8, "fallFrom" int, "fallTo" int,
       "fallFloor" float8, "dropDays" int, "dropShare" float8, weekend float8, friday float8, "schoolTerms" boolean, southern boolean, "incidentRate" float8,
       "goneBack" int, "goneShare" float8)
  JOIN accounts a ON a.external_id = p."externalId"
  WHERE a.external_id = ANY($3::text[])
),
d AS (
  SELECT p.*, b AS back, ($2::date - b) AS day FROM p CROSS JOIN LATERAL generate_series(0, p."firstBack") AS b
),
days AS MATERIALIZED (
  SELECT d.account_id, d."externalId", d."noiseKey", d.back, d.day,
         (CASE d.shape
            WHEN 'growing' THEN exp(-d.growth * d.back)
            WHEN 'falling' THEN CASE WHEN d.back >= d."fallFrom" THEN 1.0
                                     WHEN d.back <= d."fallTo" THEN d."fallFloor"
                                     ELSE d."fallFloor" + (1 - d."fallFloor") * (d.back - d."fallTo")::float8 / greatest(1, d."fallFrom" - d."fallTo") END
            WHEN 'dropped' THEN CASE WHEN d.back < d."dropDays" THEN d."dropShare" ELSE 1.0 END
            ELSE 1 + 0.03 * sin(d.back / 45.0)
          END)
         * (CASE WHEN d.back < d."goneBack" THEN d."goneShare" ELSE 1.0 END)
         * (CASE extract(isodow FROM d.day) WHEN 6 THEN d.weekend WHEN 7 THEN d.weekend WHEN 5 THEN d.friday ELSE 1.0 END)
         * (CASE WHEN NOT d."schoolTerms" THEN 1.0
                 WHEN NOT d.southern THEN CASE WHEN ${MONTH_DAY} BETWEEN 701 AND 831 THEN 0.3 WHEN ${MONTH_DAY} >= 1221 OR ${MONTH_DAY} <= 103 THEN 0.35
                                               WHEN ${MONTH_DAY} BETWEEN 401 AND 407 THEN 0.55 ELSE 1.0 END
                 ELSE CASE WHEN ${MONTH_DAY} >= 1215 OR ${MONTH_DAY} <= 205 THEN 0.3 WHEN ${MONTH_DAY} BETWEEN 701 AND 714 THEN 0.5
                           WHEN ${MONTH_DAY} BETWEEN 410 AND 420 THEN 0.6 ELSE 1.0 END
            END)
         * (1 + 0.05 * (2 * ${uniform('($5::float8[])', 'd."noiseKey"', 'd.back', '101')} - 1)) AS level,
         CASE WHEN ${uniform('($5::float8[])', 'd."noiseKey"', 'd.back', '102')} < d."incidentRate" THEN 1 ELSE 0 END AS incident
  FROM d
),
m AS (
  SELECT m.* FROM jsonb_to_recordset($4::jsonb) AS m("externalId" text, metric text, slot int, kind text, base float8, spread float8, hit float8, "weightBase" float8)
  JOIN metrics ON metrics.key = m.metric
),
r AS (
  SELECT days.account_id, m.metric, days.day, m.kind, m.base, m.spread, m.hit, m."weightBase", days.level, days.incident,
         2 * ${uniform('($5::float8[])', 'days."noiseKey"', 'days.back', 'm.slot')} - 1 AS e
  FROM days JOIN m ON m."externalId" = days."externalId"
)
INSERT INTO usage_daily (account_id, metric, day, value, weight, recorded_at, created_at, updated_at)
SELECT r.account_id, r.metric, r.day,
       CASE r.kind
         WHEN 'volume' THEN round(r.base * r.level * (1 + r.spread * r.e))
         WHEN 'money' THEN round(r.base * r.level * (1 + r.spread * r.e) * 100) / 100
         WHEN 'ratio_up' THEN round(greatest(0, least(1, r.base + r.spread * r.e - r.incident * r.hit)) * 10000) / 10000
         WHEN 'ratio_down' THEN round(greatest(0, least(1, r.base * (1 + r.spread * r.e) + r.incident * r.hit)) * 10000) / 10000
         ELSE round((r.base * (1 + r.spread * r.e) + r.incident * r.hit) * 10) / 10
       END,
       CASE WHEN r."weightBase" IS NOT NULL THEN greatest(1, round(r."weightBase" * r.level)) END,
       now(), now(), now()
FROM r`;

const ADOPTION_SQL = `
WITH c AS (
  SELECT c.*, a.id AS account_id, f.id AS feature_id, p."noiseKey"
  FROM jsonb_to_recordset($1::jsonb) AS c("externalId" text, feature text, slot int, "firstBack" int, "plateauPct" float8, "tauDays" float8,
       "eligibleUsers" int, "declineFrom" int, "declineShare" float8)
  JOIN jsonb_to_recordset($4::jsonb) AS p("externalId" text, "noiseKey" bigint) ON p."externalId" = c."externalId"
  JOIN accounts a ON a.external_id = c."externalId"
  JOIN features f ON f.key = c.feature
  WHERE a.external_id = ANY($3::text[])
),
s AS (
  SELECT c.account_id, c.feature_id, c."eligibleUsers" AS eligible, ($2::date - w.back) AS day,
         least(100, greatest(0,
           c."plateauPct" * (1 - exp(-(c."firstBack" - w.back + 1) / c."tauDays"))
           * (CASE WHEN w.back < c."declineFrom" THEN 1 - (1 - c."declineShare") * (c."declineFrom" - w.back)::float8 / c."declineFrom" ELSE 1.0 END)
           * (1 + 0.06 * (2 * ${uniform('($5::float8[])', 'c."noiseKey"', 'w.back', '(200 + c.slot)')} - 1)))) AS pct
  FROM c CROSS JOIN LATERAL generate_series(0, c."firstBack", 7) AS w(back)
)
INSERT INTO feature_adoption_daily (account_id, feature_id, day, active_users, eligible_users, adoption_pct, created_at, updated_at)
SELECT s.account_id, s.feature_id, s.day, x.active, s.eligible, round(x.active * 100.0 / s.eligible, 2), now(), now()
FROM s CROSS JOIN LATERAL (SELECT least(s.eligible, round(s.eligible * s.pct / 100))::int AS active) x`;

const TICKETS_SQL = `
INSERT INTO support_tickets (account_id, id, external_id, severity, status, status_history, subject, opened_at, first_response_at, resolved_at, escalation, created_at, updated_at)
SELECT a.id, t.id, t."externalId", t.severity, t.status, t."statusHistory", t.subject, t."openedAt", t."firstResponseAt", t."resolvedAt", t.escalation, now(), now()
FROM jsonb_to_recordset($1::jsonb) AS t(id uuid, "accountExternalId" text, "externalId" text, severity text, status text, "statusHistory" jsonb, subject text,
     "openedAt" timestamptz, "firstResponseAt" timestamptz, "resolvedAt" timestamptz, escalation text)
JOIN accounts a ON a.external_id = t."accountExternalId"
WHERE a.external_id = ANY($2::text[])
ON CONFLICT DO NOTHING`;

const TOUCHPOINTS_SQL = `
INSERT INTO touchpoints (account_id, id, external_id, kind, manager_id, occurred_at, note, created_at, updated_at)
SELECT a.id, t.id, t."externalId", t.kind, m.id, t."occurredAt", t.note, now(), now()
FROM jsonb_to_recordset($1::jsonb) AS t(id uuid, "accountExternalId" text, "externalId" text, kind text, "managerEmail" text, "occurredAt" timestamptz, note text)
JOIN accounts a ON a.external_id = t."accountExternalId"
LEFT JOIN managers m ON m.email = t."managerEmail"
WHERE a.external_id = ANY($2::text[])
ON CONFLICT DO NOTHING`;

const NPS_SQL = `
INSERT INTO nps_responses (account_id, id, external_id, score, respondent_name, respondent_email, respondent_role, comment, responded_at, created_at, updated_at)
SELECT a.id, r.id, r."externalId", r.score, r."respondentName", r."respondentEmail", r."respondentRole", r.comment, r."respondedAt", now(), now()
FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, "accountExternalId" text, "externalId" text, score smallint, "respondentName" text, "respondentEmail" text,
     "respondentRole" text, comment text, "respondedAt" timestamptz)
JOIN accounts a ON a.external_id = r."accountExternalId"
WHERE a.external_id = ANY($2::text[])
ON CONFLICT DO NOTHING`;

const OUTCOMES_SQL = `
INSERT INTO outcomes (account_id, id, external_id, kind, date, arr_change, currency, note, created_at, updated_at)
SELECT a.id, o.id, o."externalId", o.kind, o.date, o."arrChange", o.currency, o.note, now(), now()
FROM jsonb_to_recordset($1::jsonb) AS o(id uuid, "accountExternalId" text, "externalId" text, kind text, date date, "arrChange" numeric, currency text, note text)
JOIN accounts a ON a.external_id = o."accountExternalId"
WHERE a.external_id = ANY($2::text[])
ON CONFLICT DO NOTHING`;

/**
 * The usage insert is most of the load, and two thirds of its cost are the per-row foreign-key
 * triggers (account, metric). Its rows are built by joining the accounts and metrics tables, so
 * every reference holds by construction: a superuser (the embedded database's role) skips those
 * triggers for this one statement, as `pg_restore --disable-triggers` does; other roles run them.
 */
async function insertUsage(client: Queryable, params: unknown[]): Promise<number> {
  const superuser = (await client.query(`SELECT current_setting('is_superuser') = 'on' AS superuser`)).rows[0] as { superuser: boolean };
  if (!superuser.superuser) return (await client.query(USAGE_SQL, params)).rowCount ?? 0;
  await client.query(`SET LOCAL session_replication_role = replica`);
  const inserted = (await client.query(USAGE_SQL, params)).rowCount ?? 0;
  // On failure the rollback restores the setting; on success the rest of the load runs its triggers again.
  await client.query(`SET LOCAL session_replication_role = origin`);
  return inserted;
}

export async function writeDemoSignals(client: Queryable, signals: DemoSignals, asOf: string, newExternalIds: string[]): Promise<DemoSignalCounts> {
  const run = async (sql: string, params: unknown[]) => (await client.query(sql, params)).rowCount ?? 0;
  const keys = JSON.stringify(signals.profiles.map(({ externalId, noiseKey }) => ({ externalId, noiseKey })));
  return {
    usage: await insertUsage(client, [JSON.stringify(signals.profiles), asOf, newExternalIds, JSON.stringify(signals.metrics), signals.noise]),
    adoption: await run(ADOPTION_SQL, [JSON.stringify(signals.adoption), asOf, newExternalIds, keys, signals.noise]),
    tickets: await run(TICKETS_SQL, [JSON.stringify(signals.tickets), newExternalIds]),
    touchpoints: await run(TOUCHPOINTS_SQL, [JSON.stringify(signals.touchpoints), newExternalIds]),
    nps: await run(NPS_SQL, [JSON.stringify(signals.nps), newExternalIds]),
    outcomes: await run(OUTCOMES_SQL, [JSON.stringify(signals.outcomes), newExternalIds]),
  };
}
