/**
 * `npm run eval:recommendations`: offline evaluation of the recommendations on the demo data.
 *
 * Loads the demo installation into a fresh database (on DATABASE_URL's server, else an embedded
 * one) that it drops at the end, then splits time: the `recommendation-stats` run is computed as
 * of a cutoff HOLDOUT_DAYS before the demo's last day (nothing after it is read: adoption, usage,
 * outcomes), and each account's adoptions after the cutoff are held out. Hit rate = share of
 * accounts with a held-out adoption whose top 3 contains one of them; the baseline recommends
 * the 3 eligible features most accounts use overall (same eligibility rules). Prints one JSON line;
 * `hitRateWithoutTrial` is the same ranking without the account's own trial of a feature (peer
 * adoption, co-adoption, usage lift and retention only).
 *
 * Env: EVAL_AS_OF (demo's last day, default 2026-11-01), EVAL_SEED, EVAL_ACCOUNTS (default 200),
 * EVAL_HOLDOUT_DAYS (default 28), EVAL_TOP_K (default 3).
 */
import '../src/database/pg-types';
import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { FixedClock } from '../src/common/clock';
import { loadConfig } from '../src/config/app-config';
import { databaseOptions } from '../src/database/database-options';
import { runMigrations } from '../src/database/migrate';
import { addDays } from '../src/adoption/adoption-rules';
import { DEFAULT_DEMO_SEED, loadDemoData } from '../src/demo/demo-data';
import { hitRate, popularityTopK } from '../src/recommendations/recommendation-evaluation';
import { RecommendationStatsService } from '../src/recommendations/recommendation-stats.service';
import { RecommendationRepository } from '../src/recommendations/recommendation.repository';
import { benchLogger, benchServer, dropDatabases, envNumber, printResult, round, withClient, withDatabase } from './support/harness';

const log = benchLogger('eval-recommendations');

async function main(): Promise<void> {
  const asOf = process.env.EVAL_AS_OF ?? '2026-11-01';
  const seed = envNumber('EVAL_SEED', DEFAULT_DEMO_SEED);
  const accountsWanted = envNumber('EVAL_ACCOUNTS', 200);
  const holdoutDays = envNumber('EVAL_HOLDOUT_DAYS', 28);
  const topK = envNumber('EVAL_TOP_K', 3);
  const cutoff = addDays(asOf, -holdoutDays);
  const config = { ...loadConfig({ ...process.env, DATABASE_URL: undefined }), businessTimezone: 'UTC' };

  const server = await benchServer();
  const database = `eval_recommendations_${process.pid}`;
  const url = withDatabase(server.url, database);
  await withClient(server.url, (client) => client.query(`CREATE DATABASE ${database}`));
  let dataSource: DataSource | undefined;
  try {
    await runMigrations(url);
    const pool = new Pool({ connectionString: url, max: 1 });
    const load = await loadDemoData(pool, { seed, asOf, accounts: accountsWanted }).finally(() => pool.end());
    log(`demo loaded as of ${asOf} (seed ${seed}) in ${load.elapsedMs} ms; cutoff ${cutoff}`);
    // Planner statistics for the freshly loaded tables, as autovacuum would have them in a running installation.
    await withClient(url, (client) => client.query('ANALYZE'));

    dataSource = new DataSource(databaseOptions(url, 2));
    await dataSource.initialize();
    const stats = new RecommendationStatsService(new RecommendationRepository(dataSource), new FixedClock(new Date(`${cutoff}T23:59:59Z`)), config);
    const topLists = async (): Promise<Map<string, string[]>> => {
      const rows: { accountId: string; featureId: string }[] = await dataSource!.query(
        `SELECT account_id AS "accountId", feature_id AS "featureId" FROM account_recommendations WHERE rank <= $1 ORDER BY account_id, rank`,
        [topK],
      );
      const lists = new Map<string, string[]>();
      for (const row of rows) {
        if (!lists.has(row.accountId)) lists.set(row.accountId, []);
        lists.get(row.accountId)!.push(row.featureId);
      }
      return lists;
    };
    // First without the account's own trial (peer evidence only), then as shipped.
    await stats.run({ asOfDay: cutoff, settings: { trialWeight: 0 } });
    const peerEvidenceOnly = await topLists();
    const started = Date.now();
    const run = await stats.run({ asOfDay: cutoff });
    const runMs = Date.now() - started;
    log(`stats as of ${cutoff}: ${JSON.stringify(run)} in ${runMs} ms`);

    const threshold = config.adoptionThresholdPct;
    // Adoption state as of the cutoff and the first adoptions after it, from the same rule the run uses.
    const states: { accountId: string; featureId: string; reportedAtCutoff: boolean; adoptedAtCutoff: boolean; adoptedAfter: boolean }[] = await dataSource.query(
      `WITH at_cutoff AS (
         SELECT DISTINCT ON (account_id, feature_id) account_id, feature_id, adoption_pct >= $3::numeric AS adopted
         FROM feature_adoption_daily WHERE day <= $1::date ORDER BY account_id, feature_id, day DESC
       ), later AS (
         SELECT DISTINCT account_id, feature_id FROM feature_adoption_daily WHERE day > $1::date AND day <= $2::date AND adoption_pct >= $3::numeric
       )
       SELECT a.id AS "accountId", f.id AS "featureId", c.account_id IS NOT NULL AS "reportedAtCutoff", coalesce(c.adopted, false) AS "adoptedAtCutoff", l.account_id IS NOT NULL AS "adoptedAfter"
       FROM accounts a CROSS JOIN features f
       LEFT JOIN at_cutoff c ON c.account_id = a.id AND c.feature_id = f.id
       LEFT JOIN later l ON l.account_id = a.id AND l.feature_id = f.id
       WHERE NOT a.is_test AND a.archived_at IS NULL AND (c.account_id IS NOT NULL OR l.account_id IS NOT NULL)`,
      [cutoff, asOf, threshold],
    );
    const accounts: { id: string; segment: string; products: string[]; useCases: string[] }[] = await dataSource.query(
      `SELECT id, segment, products, use_cases AS "useCases" FROM accounts WHERE NOT is_test AND archived_at IS NULL`,
    );
    const features: { id: string; key: string; product: string; prerequisites: string[]; eligibleSegments: string[]; useCases: string[] }[] = await dataSource.query(
      `SELECT id, key, product, prerequisites, eligible_segments AS "eligibleSegments", use_cases AS "useCases" FROM features`,
    );

    const keyById = new Map(features.map((feature) => [feature.id, feature.key]));
    const adoptedAtCutoff = new Map<string, Set<string>>();
    const heldOut = new Map<string, Set<string>>();
    const adopters = new Map<string, number>();
    const reportingAtCutoff = new Set<string>();
    for (const state of states) {
      if (state.adoptedAtCutoff) {
        if (!adoptedAtCutoff.has(state.accountId)) adoptedAtCutoff.set(state.accountId, new Set());
        adoptedAtCutoff.get(state.accountId)!.add(keyById.get(state.featureId)!);
        adopters.set(state.featureId, (adopters.get(state.featureId) ?? 0) + 1);
      } else if (state.adoptedAfter) {
        if (!heldOut.has(state.accountId)) heldOut.set(state.accountId, new Set());
        heldOut.get(state.accountId)!.add(state.featureId);
      }
    }
    // Only accounts that reported adoption before the cutoff: the others have no history to learn from.
    for (const state of states) if (state.reportedAtCutoff) reportingAtCutoff.add(state.accountId);
    for (const accountId of [...heldOut.keys()]) if (!reportingAtCutoff.has(accountId)) heldOut.delete(accountId);

    const model = await topLists();
    const baseline = new Map<string, string[]>();
    let reachable = 0;
    let eligibleTotal = 0;
    // Accounts where the choice matters: a held-out feature was eligible and there were more than topK candidates.
    const contested = new Set<string>();
    for (const account of accounts) {
      if (!heldOut.has(account.id)) continue;
      const adopted = adoptedAtCutoff.get(account.id) ?? new Set<string>();
      baseline.set(account.id, popularityTopK(account, features, adopted, adopters, topK));
      const eligibleIds = new Set(popularityTopK(account, features, adopted, adopters, features.length));
      eligibleTotal += eligibleIds.size;
      if ([...heldOut.get(account.id)!].some((featureId) => eligibleIds.has(featureId))) {
        reachable += 1;
        if (eligibleIds.size > topK) contested.add(account.id);
      }
    }
    const ours = hitRate(heldOut, model);
    const theirs = hitRate(heldOut, baseline);
    const withoutTrial = hitRate(heldOut, peerEvidenceOnly);
    const contestedOnly = new Map([...heldOut].filter(([accountId]) => contested.has(accountId)));
    const contestedHits = { model: hitRate(contestedOnly, model).hits, baseline: hitRate(contestedOnly, baseline).hits, withoutTrial: hitRate(contestedOnly, peerEvidenceOnly).hits };
    const ratio = theirs.hitRate === 0 ? (ours.hitRate > 0 ? Infinity : 1) : ours.hitRate / theirs.hitRate;
    printResult({
      name: 'eval-recommendations',
      ratio: round(ratio),
      target: 1,
      pass: ours.hitRate > theirs.hitRate,
      hitRate: ours.hitRate,
      baselineHitRate: theirs.hitRate,
      accounts: ours.accounts,
      hits: ours.hits,
      baselineHits: theirs.hits,
      hitRateWithoutTrial: withoutTrial.hitRate,
      hitsWithoutTrial: withoutTrial.hits,
      reachableAccounts: reachable,
      meanEligibleFeatures: round(eligibleTotal / Math.max(1, heldOut.size), 2),
      contestedAccounts: contested.size,
      contestedHits: contestedHits.model,
      contestedBaselineHits: contestedHits.baseline,
      contestedHitsWithoutTrial: contestedHits.withoutTrial,
      topK,
      asOf,
      cutoff,
      holdoutDays,
      seed,
      demoAccounts: accountsWanted,
      statsRunMs: runMs,
    });
  } finally {
    await dataSource?.destroy();
    await dropDatabases(server.url, [database], log);
    await server.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`eval:recommendations failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
