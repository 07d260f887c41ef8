import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { Clock } from '../common/clock';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { JobContext, JobHandler } from '../jobs/job-handler';
import { JobRunner } from '../jobs/job-runner.service';
import { dayFoldersToPrune, ExportManifest } from './export-drop';
import { EXPORT_DATASET_NAMES } from './export-datasets';
import { ExportsService } from './exports.service';

/**
 * `exports` (JOB_EXPORTS_CRON, off by default): every dataset in every EXPORT_FORMATS format to
 * `EXPORT_DIR/<date>/<dataset>.<format>` (date: the slot's day in BUSINESS_TIMEZONE), then
 * `manifest.json` with rows, bytes, sha256, columns and each file's cursor (a BI pipeline can go on
 * incrementally from it). Files and manifest are written under a temporary name and renamed.
 * Idempotent: a rerun of the same day rewrites that day's files. Keeps EXPORT_KEEP_DAYS days and
 * drops deletion tombstones past their retention.
 */
@Injectable()
export class ExportsJob implements JobHandler, OnModuleInit {
  readonly name = 'exports' as const;
  private readonly logger = new Logger(ExportsJob.name);

  constructor(
    private readonly runner: JobRunner,
    private readonly exports: ExportsService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.runner.register(this);
  }

  async run(context: JobContext): Promise<Record<string, unknown>> {
    const date = new Intl.DateTimeFormat('en-CA', { timeZone: this.config.businessTimezone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(context.slot);
    const directory = path.join(this.config.exportDir, date);
    await fs.mkdir(directory, { recursive: true });
    const manifest: ExportManifest = { schemaVersion: 1, date, generatedAt: this.clock.now().toISOString(), files: [], failures: [] };
    for (const dataset of EXPORT_DATASET_NAMES) {
      for (const format of this.config.exportFormats) {
        if (context.signal.aborted) throw new Error('the run lost its lease');
        try {
          manifest.files.push(await this.exports.exportToFile(dataset, format, path.join(directory, `${dataset}.${format}`)));
        } catch (error) {
          this.logger.error({ err: error, dataset, format }, 'export file failed');
          manifest.failures.push({ dataset, format, error: (error as Error).message });
        }
      }
    }
    const manifestPath = path.join(directory, 'manifest.json');
    await fs.writeFile(`${manifestPath}.tmp`, `${JSON.stringify(manifest, null, 2)}\n`);
    await fs.rename(`${manifestPath}.tmp`, manifestPath);
    const pruned = dayFoldersToPrune(await fs.readdir(this.config.exportDir), date, this.config.exportKeepDays);
    for (const folder of pruned) await fs.rm(path.join(this.config.exportDir, folder), { recursive: true, force: true });
    const tombstonesDeleted = await this.exports.deleteExpiredTombstones();
    if (manifest.failures.length > 0) throw new Error(`${manifest.failures.length} export file(s) failed: ${manifest.failures.map((f) => `${f.dataset}.${f.format}`).join(', ')}`);
    return { date, files: manifest.files.length, rows: manifest.files.reduce((sum, file) => sum + file.rows, 0), prunedDays: pruned.length, tombstonesDeleted };
  }
}
