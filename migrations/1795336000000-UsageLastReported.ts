import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The last reported day of each (account, metric), kept by triggers on `usage_daily` in the writing
 * transaction. A health run anchors every usage window on it; it was one backward probe of the
 * 45M-row usage key per (account, metric), 5,000 probes and ~100 ms per chunk of 1,000 accounts.
 *
 * Usage batches do not take turns, and two batches writing different days of one account and
 * metric must not wait for each other, so this is not one row per pair that every batch updates.
 * It holds days of `usage_daily` (same key) and the pair's last day is its highest row:
 * - an insert adds its batch's latest day of a pair unless a day as late is already there, then
 *   deletes the pair's earlier days it can lock without waiting (SKIP LOCKED); a day left behind
 *   by a concurrent batch goes the next time;
 * - a delete removes the same days here; a pair that lost its highest row gets its new last day
 *   from the daily rows; a row moved to another day or account by hand is a delete plus an insert.
 * A past day earlier than the last report is answered from the daily rows (`lastDays`).
 *
 * One race is left: a hand-written delete of a pair's last day while another transaction inserts
 * an earlier day that is still later than every other one keeps the day before it until the pair's
 * next newer day arrives. The first start of an upgraded installation fills the table once.
 */
export class UsageLastReported1795336000000 implements MigrationInterface {
  name = 'UsageLastReported1795336000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "usage_last_reported" (
         "account_id" uuid NOT NULL, "metric" text NOT NULL, "day" date NOT NULL,
         CONSTRAINT "usage_last_reported_pkey" PRIMARY KEY ("account_id", "metric", "day"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "usage_last_reported" ADD CONSTRAINT "usage_last_reported_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "usage_last_reported" ADD CONSTRAINT "usage_last_reported_metric_fkey" FOREIGN KEY ("metric") REFERENCES "metrics"("key") ON DELETE CASCADE ON UPDATE CASCADE`,
    );
    // Gives each pair its last day from the daily rows, unless a day as late is already here.
    await queryRunner.query(
      `CREATE FUNCTION usage_last_reported_refresh(account_ids uuid[], metrics text[]) RETURNS void LANGUAGE sql AS $$
         INSERT INTO usage_last_reported (account_id, metric, day)
         SELECT p.account_id, p.metric, u.day
         FROM (SELECT DISTINCT account_id, metric FROM unnest(account_ids, metrics) AS q(account_id, metric)) p
         CROSS JOIN LATERAL (SELECT u.day FROM usage_daily u WHERE u.account_id = p.account_id AND u.metric = p.metric ORDER BY u.day DESC LIMIT 1) u
         WHERE NOT EXISTS (SELECT 1 FROM usage_last_reported l WHERE l.account_id = p.account_id AND l.metric = p.metric AND l.day >= u.day)
         ON CONFLICT DO NOTHING;
       $$`,
    );
    await queryRunner.query(
      `CREATE FUNCTION usage_last_reported_after_insert() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         INSERT INTO usage_last_reported (account_id, metric, day)
         SELECT n.account_id, n.metric, n.day FROM (SELECT account_id, metric, max(day) AS day FROM new_rows GROUP BY account_id, metric) n
         WHERE NOT EXISTS (SELECT 1 FROM usage_last_reported l WHERE l.account_id = n.account_id AND l.metric = n.metric AND l.day >= n.day)
         ON CONFLICT DO NOTHING;
         DELETE FROM usage_last_reported l WHERE l.ctid = ANY (ARRAY(
           SELECT e.ctid FROM usage_last_reported e
           JOIN (SELECT account_id, metric, max(day) AS day FROM new_rows GROUP BY account_id, metric) n ON e.account_id = n.account_id AND e.metric = n.metric AND e.day < n.day
           FOR UPDATE OF e SKIP LOCKED));
         RETURN NULL;
       END $$`,
    );
    await queryRunner.query(
      `CREATE FUNCTION usage_last_reported_after_delete() RETURNS trigger LANGUAGE plpgsql AS $$
       DECLARE touched_accounts uuid[]; touched_metrics text[];
       BEGIN
         WITH removed AS (
           DELETE FROM usage_last_reported l USING old_rows o
           WHERE l.account_id = o.account_id AND l.metric = o.metric AND l.day = o.day
           RETURNING l.account_id, l.metric
         )
         SELECT array_agg(account_id), array_agg(metric) INTO touched_accounts, touched_metrics FROM removed;
         IF touched_accounts IS NOT NULL THEN PERFORM usage_last_reported_refresh(touched_accounts, touched_metrics); END IF;
         RETURN NULL;
       END $$`,
    );
    await queryRunner.query(
      `CREATE FUNCTION usage_last_reported_after_move() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         DELETE FROM usage_last_reported WHERE account_id = OLD.account_id AND metric = OLD.metric AND day = OLD.day;
         PERFORM usage_last_reported_refresh(ARRAY[OLD.account_id, NEW.account_id], ARRAY[OLD.metric, NEW.metric]);
         RETURN NULL;
       END $$`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "usage_last_reported_after_insert" AFTER INSERT ON "usage_daily" REFERENCING NEW TABLE AS new_rows
       FOR EACH STATEMENT EXECUTE FUNCTION usage_last_reported_after_insert()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "usage_last_reported_after_delete" AFTER DELETE ON "usage_daily" REFERENCING OLD TABLE AS old_rows
       FOR EACH STATEMENT EXECUTE FUNCTION usage_last_reported_after_delete()`,
    );
    // Ingest never changes a row's key (its upsert sets only the values), so this fires for hand-written SQL only;
    // a renamed metric reaches this table through its own foreign key.
    await queryRunner.query(
      `CREATE TRIGGER "usage_last_reported_after_move" AFTER UPDATE OF account_id, day ON "usage_daily"
       FOR EACH ROW WHEN (OLD.account_id IS DISTINCT FROM NEW.account_id OR OLD.day IS DISTINCT FROM NEW.day) EXECUTE FUNCTION usage_last_reported_after_move()`,
    );
    await queryRunner.query(`INSERT INTO usage_last_reported (account_id, metric, day) SELECT account_id, metric, max(day) FROM usage_daily GROUP BY account_id, metric`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "usage_last_reported_after_move" ON "usage_daily"`);
    await queryRunner.query(`DROP TRIGGER "usage_last_reported_after_delete" ON "usage_daily"`);
    await queryRunner.query(`DROP TRIGGER "usage_last_reported_after_insert" ON "usage_daily"`);
    await queryRunner.query(`DROP FUNCTION usage_last_reported_after_move()`);
    await queryRunner.query(`DROP FUNCTION usage_last_reported_after_delete()`);
    await queryRunner.query(`DROP FUNCTION usage_last_reported_after_insert()`);
    await queryRunner.query(`DROP FUNCTION usage_last_reported_refresh(uuid[], text[])`);
    await queryRunner.query(`DROP TABLE "usage_last_reported"`);
  }
}
