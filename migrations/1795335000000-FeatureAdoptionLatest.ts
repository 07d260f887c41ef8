import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The latest adoption report of each (account, feature), kept by statement triggers on
 * `feature_adoption_daily` in the writing transaction, so it is never ahead of or behind the daily
 * rows. A health run read it with one backward probe of the daily key per (account, feature):
 * 20,000 probes and ~150 ms per chunk of 1,000 accounts, the run's costliest read. From this table
 * it is one short index range per account; a past day earlier than the latest report still probes.
 *
 * Every writer keeps it (the API, the demo data, SQL by hand). Inserts bring newer reports; an update
 * or delete that touches the latest report of a pair recomputes that pair from the daily rows.
 * Adoption batches take turns (`AdoptionRepository.inIngestTransaction`), so the upserts here cannot
 * deadlock. The first start of an upgraded installation fills the table from the daily rows once.
 */
export class FeatureAdoptionLatest1795335000000 implements MigrationInterface {
  name = 'FeatureAdoptionLatest1795335000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "feature_adoption_latest" (
         "account_id" uuid NOT NULL, "feature_id" uuid NOT NULL, "day" date NOT NULL, "adoption_pct" numeric(5,2) NOT NULL,
         CONSTRAINT "feature_adoption_latest_pkey" PRIMARY KEY ("account_id", "feature_id"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "feature_adoption_latest" ADD CONSTRAINT "feature_adoption_latest_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "feature_adoption_latest" ADD CONSTRAINT "feature_adoption_latest_feature_id_fkey" FOREIGN KEY ("feature_id") REFERENCES "features"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    // Recomputes the given pairs from the daily rows: their latest report, or no row when none is left.
    await queryRunner.query(
      `CREATE FUNCTION feature_adoption_latest_refresh(account_ids uuid[], feature_ids uuid[]) RETURNS void LANGUAGE sql AS $$
         DELETE FROM feature_adoption_latest l USING unnest(account_ids, feature_ids) AS p(account_id, feature_id)
         WHERE l.account_id = p.account_id AND l.feature_id = p.feature_id
           AND NOT EXISTS (SELECT 1 FROM feature_adoption_daily d WHERE d.account_id = p.account_id AND d.feature_id = p.feature_id);
         INSERT INTO feature_adoption_latest AS l (account_id, feature_id, day, adoption_pct)
         SELECT p.account_id, p.feature_id, d.day, d.adoption_pct
         FROM (SELECT DISTINCT account_id, feature_id FROM unnest(account_ids, feature_ids) AS u(account_id, feature_id) ORDER BY 1, 2) p
         CROSS JOIN LATERAL (
           SELECT d.day, d.adoption_pct FROM feature_adoption_daily d WHERE d.account_id = p.account_id AND d.feature_id = p.feature_id ORDER BY d.day DESC LIMIT 1
         ) d
         ON CONFLICT (account_id, feature_id) DO UPDATE SET day = EXCLUDED.day, adoption_pct = EXCLUDED.adoption_pct
           WHERE (l.day, l.adoption_pct) IS DISTINCT FROM (EXCLUDED.day, EXCLUDED.adoption_pct);
       $$`,
    );
    await queryRunner.query(
      `CREATE FUNCTION feature_adoption_latest_after_insert() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         INSERT INTO feature_adoption_latest AS l (account_id, feature_id, day, adoption_pct)
         SELECT DISTINCT ON (account_id, feature_id) account_id, feature_id, day, adoption_pct FROM new_rows ORDER BY account_id, feature_id, day DESC
         ON CONFLICT (account_id, feature_id) DO UPDATE SET day = EXCLUDED.day, adoption_pct = EXCLUDED.adoption_pct WHERE l.day <= EXCLUDED.day;
         RETURN NULL;
       END $$`,
    );
    // Only pairs whose latest report was touched, or that an update moved to a later day, are recomputed.
    await queryRunner.query(
      `CREATE FUNCTION feature_adoption_latest_after_change() RETURNS trigger LANGUAGE plpgsql AS $$
       DECLARE touched_accounts uuid[]; touched_features uuid[];
       BEGIN
         IF TG_OP = 'UPDATE' THEN
           SELECT array_agg(t.account_id), array_agg(t.feature_id) INTO touched_accounts, touched_features
           FROM (SELECT DISTINCT r.account_id, r.feature_id FROM (SELECT account_id, feature_id, day FROM old_rows UNION ALL SELECT account_id, feature_id, day FROM new_rows) r
                 LEFT JOIN feature_adoption_latest l ON l.account_id = r.account_id AND l.feature_id = r.feature_id
                 WHERE l.day IS NULL OR r.day >= l.day) t;
         ELSE
           SELECT array_agg(t.account_id), array_agg(t.feature_id) INTO touched_accounts, touched_features
           FROM (SELECT DISTINCT r.account_id, r.feature_id FROM old_rows r
                 JOIN feature_adoption_latest l ON l.account_id = r.account_id AND l.feature_id = r.feature_id
                 WHERE r.day >= l.day) t;
         END IF;
         IF touched_accounts IS NOT NULL THEN PERFORM feature_adoption_latest_refresh(touched_accounts, touched_features); END IF;
         RETURN NULL;
       END $$`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "feature_adoption_latest_after_insert" AFTER INSERT ON "feature_adoption_daily" REFERENCING NEW TABLE AS new_rows
       FOR EACH STATEMENT EXECUTE FUNCTION feature_adoption_latest_after_insert()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "feature_adoption_latest_after_update" AFTER UPDATE ON "feature_adoption_daily" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
       FOR EACH STATEMENT EXECUTE FUNCTION feature_adoption_latest_after_change()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "feature_adoption_latest_after_delete" AFTER DELETE ON "feature_adoption_daily" REFERENCING OLD TABLE AS old_rows
       FOR EACH STATEMENT EXECUTE FUNCTION feature_adoption_latest_after_change()`,
    );
    await queryRunner.query(
      `INSERT INTO feature_adoption_latest (account_id, feature_id, day, adoption_pct)
       SELECT DISTINCT ON (account_id, feature_id) account_id, feature_id, day, adoption_pct FROM feature_adoption_daily ORDER BY account_id, feature_id, day DESC`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "feature_adoption_latest_after_delete" ON "feature_adoption_daily"`);
    await queryRunner.query(`DROP TRIGGER "feature_adoption_latest_after_update" ON "feature_adoption_daily"`);
    await queryRunner.query(`DROP TRIGGER "feature_adoption_latest_after_insert" ON "feature_adoption_daily"`);
    await queryRunner.query(`DROP FUNCTION feature_adoption_latest_after_change()`);
    await queryRunner.query(`DROP FUNCTION feature_adoption_latest_after_insert()`);
    await queryRunner.query(`DROP FUNCTION feature_adoption_latest_refresh(uuid[], uuid[])`);
    await queryRunner.query(`DROP TABLE "feature_adoption_latest"`);
  }
}
