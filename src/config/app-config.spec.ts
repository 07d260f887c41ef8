import { ConfigError, loadConfig } from './app-config';

describe('loadConfig', () => {
  it('gives the documented defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      databaseUrl: undefined,
      businessTimezone: 'UTC',
      reportingCurrency: 'USD',
      logLevel: 'info',
      demoData: 'auto',
      jobLeaseSeconds: 60,
      dataDirExplicit: false,
      reviewAgendaLeadDays: 14,
      reviewNudgeDays: 35,
    });
    expect(config.dataDir).toMatch(/\.data$/);
    expect(config.jobCrons.housekeeping).toBe('0 30 3 * * *');
    expect(config.jobCrons['health-scores']).toBe('0 */15 * * * *');
  });

  it('reads every variable it documents', () => {
    const config = loadConfig({
      PORT: '8080',
      DATABASE_URL: 'postgres://u@db:5432/ah',
      DATA_DIR: '/var/lib/ah',
      BUSINESS_TIMEZONE: 'Asia/Shanghai',
      REPORTING_CURRENCY: 'EUR',
      METRICS_TOKEN: 't',
      LOG_LEVEL: 'debug',
      DEMO_DATA: 'false',
      JOB_HOUSEKEEPING_CRON: '',
      JOB_HEALTH_SCORES_CRON: '0 */15 * * * *',
      ADMIN_API_KEY: 'a-very-long-admin-key-of-32-chars',
    });
    expect(config).toMatchObject({ port: 8080, dataDir: '/var/lib/ah', dataDirExplicit: true, businessTimezone: 'Asia/Shanghai', reportingCurrency: 'EUR', demoData: false, logLevel: 'debug' });
    expect(config.jobCrons).toMatchObject({ housekeeping: '', 'health-scores': '0 */15 * * * *' });
  });

  it('reads the export settings: drop folder, days kept, formats, tombstone retention, bi role', () => {
    expect(loadConfig({})).toMatchObject({ exportKeepDays: 7, exportFormats: ['csv', 'parquet'], exportTombstoneKeepDays: 30, biRoleName: 'bi_reader' });
    expect(loadConfig({ DATA_DIR: '/var/lib/ah' }).exportDir).toBe('/var/lib/ah/exports');
    expect(
      loadConfig({ EXPORT_DIR: '/srv/drop', EXPORT_KEEP_DAYS: '3', EXPORT_FORMATS: 'ndjson, parquet', EXPORT_TOMBSTONE_KEEP_DAYS: '90', BI_ROLE_NAME: 'analytics_ro' }),
    ).toMatchObject({ exportDir: '/srv/drop', exportKeepDays: 3, exportFormats: ['ndjson', 'parquet'], exportTombstoneKeepDays: 90, biRoleName: 'analytics_ro' });
  });

  it.each([
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['DATABASE_URL', 'mysql://x'],
    ['BUSINESS_TIMEZONE', 'Mars/Olympus'],
    ['REPORTING_CURRENCY', 'usd'],
    ['LOG_LEVEL', 'loud'],
    ['DEMO_DATA', 'maybe'],
    ['JOB_HEALTH_SCORES_CRON', 'every minute'],
    ['ADMIN_API_KEY', 'short'],
    ['JOB_LEASE_SECONDS', '1'],
    ['REVIEW_AGENDA_LEAD_DAYS', '0'],
    ['REVIEW_NUDGE_DAYS', 'soon'],
    ['EXPORT_FORMATS', 'csv,xlsx'],
    ['EXPORT_KEEP_DAYS', '0'],
    ['EXPORT_TOMBSTONE_KEEP_DAYS', 'forever'],
    ['BI_ROLE_NAME', 'BI Reader'],
  ])('stops with a message naming %s when it is %p', (variable, value) => {
    expect(() => loadConfig({ [variable]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [variable]: value })).toThrow(new RegExp(variable));
  });
});
