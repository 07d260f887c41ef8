import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { PlanningCadence } from './review-planning';

/** Cadence rows per segment; every segment is listed, with or without cadences. */
@Injectable()
export class ReviewCadenceRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async segmentsWithCadences(): Promise<{ segments: { key: string; name: string; rank: number }[]; cadences: PlanningCadence[] }> {
    const [segments, cadences] = await Promise.all([
      this.dataSource.query(`SELECT key, name, rank FROM segments ORDER BY rank, key`),
      this.dataSource.query(
        `SELECT segment, kind, every_months AS "everyMonths", lead_days AS "leadDays", manager_role AS "managerRole" FROM review_cadences ORDER BY segment, kind`,
      ),
    ]);
    return { segments, cadences };
  }

  async existingSegments(keys: string[]): Promise<Set<string>> {
    const rows: { key: string }[] = await this.dataSource.query(`SELECT key FROM segments WHERE key = ANY($1::text[])`, [keys]);
    return new Set(rows.map((row) => row.key));
  }

  /** Replaces the cadences of the given segments in one transaction. */
  async replace(segments: string[], cadences: PlanningCadence[], now: Date): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.query(`DELETE FROM review_cadences WHERE segment = ANY($1::text[])`, [segments]);
      if (cadences.length === 0) return;
      await manager.query(
        `INSERT INTO review_cadences (segment, kind, every_months, lead_days, manager_role, created_at, updated_at)
         SELECT d.segment, d.kind, d."everyMonths", d."leadDays", d."managerRole", $2, $2
         FROM jsonb_to_recordset($1::jsonb) AS d(segment text, kind text, "everyMonths" int, "leadDays" int, "managerRole" text)`,
        [JSON.stringify(cadences), now],
      );
    });
  }
}
