import { DataSource } from 'typeorm';
import { databaseOptions } from '../../src/database/database-options';
import { runMigrations } from '../../src/database/migrate';
import { MIGRATIONS } from '../../migrations';
import { createTestDatabase, TestDatabase } from '../support/test-database';

/**
 * Objects TypeORM does not model and that migrations create on purpose; the schema diff ignores
 * them. Add a line here, with the reason, for every view, trigger or partition a migration adds.
 */
const UNMODELLED_OBJECTS: RegExp[] = [
  // BRIN index for incremental health runs (1795326000000-UsageRecordedAtBrin): TypeORM cannot declare BRIN.
  /usage_daily_recorded_at_brin/,
  // The same for adoption reports (1795336000000-AdoptionUpdatedAtBrin).
  /feature_adoption_daily_updated_at_brin/,
  // BI exports (1795330000000-Exports): the bi schema's views, the tombstone table, function and statement triggers, the bi role grant function.
  /\bbi\./,
  /export_tombstones|export_record_deletes|export_grant_bi_reader/,
  // Tickets whose SLA columns the start-up backfill still has to compute (1795331000000-TicketSlaDueTimes): a partial index.
  /support_tickets_sla_uncomputed_idx/,
];

describe('migrations', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase({ empty: true });
  });
  afterAll(async () => db.drop());

  it('run on an empty database, in order, and a second run applies nothing', async () => {
    const applied = await runMigrations(db.url);
    expect(applied).toHaveLength(MIGRATIONS.length);
    expect(await runMigrations(db.url)).toEqual([]);
  });

  it('agree with the entities: generating a new migration would produce nothing', async () => {
    const dataSource = new DataSource(databaseOptions(db.url, 2));
    await dataSource.initialize();
    try {
      const pending = await dataSource.driver.createSchemaBuilder().log();
      const statements = pending.upQueries.map((query) => query.query).filter((sql) => !UNMODELLED_OBJECTS.some((pattern) => pattern.test(sql)));
      expect(statements).toEqual([]);
    } finally {
      await dataSource.destroy();
    }
  });

  it.each([
    ['adoption', '1795332000000-AdoptionCoveringKey', 'feature_adoption_daily_pkey', /\(account_id, feature_id, day\) INCLUDE \(adoption_pct\)$/],
    ['usage', '1795334000000-UsageCoveringKey', 'usage_daily_pkey', /\(account_id, metric, day\) INCLUDE \(value, weight\)$/],
  ])('give the %s key its covering columns, which TypeORM does not model (%s)', async (_name, _migration, index, definition) => {
    const dataSource = new DataSource(databaseOptions(db.url, 1));
    await dataSource.initialize();
    try {
      const [row] = await dataSource.query(`SELECT pg_get_indexdef($1::regclass) AS definition`, [index]);
      expect(row.definition).toMatch(definition);
    } finally {
      await dataSource.destroy();
    }
  });

  it('take turns when two replicas migrate the same database at once', async () => {
    const other = await createTestDatabase({ empty: true });
    try {
      const [first, second] = await Promise.all([runMigrations(other.url), runMigrations(other.url)]);
      expect(first.length + second.length).toBe(MIGRATIONS.length);
      const recorded = await other.pool.query('SELECT count(*)::int AS n FROM typeorm_migrations');
      expect(recorded.rows[0].n).toBe(MIGRATIONS.length);
    } finally {
      await other.drop();
    }
  });
});
