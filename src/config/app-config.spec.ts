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
      recommendationMinPeers: 10,
    });
    expect(config.dataDir).toMatch(/\.data$/);
    expect(config.jobCrons.housekeeping).toBe('0 30 3 * * *');
    expect(config.jobCrons['health-scores']).toBe('0 */15 * * * *');
  });

  it('reads the heap budget: 50% growth past the live heap by default, 0 for V8\'s own, out of range refused', () => {
    expect(loadConfig({}).heapGrowingPercent).toBe(50);
    expect(loadConfig({ HEAP_GROWING_PERCENT: '0' }).heapGrowingPercent).toBe(0);
    expect(loadConfig({ HEAP_GROWING_PERCENT: '120' }).heapGrowingPercent).toBe(120);
    expect(() => loadConfig({ HEAP_GROWING_PERCENT: '400' })).toThrow(/HEAP_GROWING_PERCENT/);
  });

  it('reads the minimum peer group of recommendations', () => {
    expect(loadConfig({ RECOMMENDATION_MIN_PEERS: '25' }).recommendationMinPeers).toBe(25);
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

  it('reads the notification settings; reminders every 5 minutes and delivery every minute by default', () => {
    const defaults = loadConfig({});
    expect(defaults.jobCrons).toMatchObject({ reminders: '0 */5 * * * *', 'notification-delivery': '0 * * * * *' });
    expect(defaults.notifications).toEqual({
      webhookAllowPrivate: false,
      webhookMaxAttempts: 8,
      webhookRetryBaseSeconds: 30,
      webhookRetryMaxSeconds: 21600,
      webhookTimeoutMs: 10000,
      smtpUrl: undefined,
      emailFrom: undefined,
      digestHour: 9,
      publicBaseUrl: 'http://localhost:3000',
    });
    expect(
      loadConfig({
        WEBHOOK_ALLOW_PRIVATE: 'true',
        WEBHOOK_MAX_ATTEMPTS: '3',
        WEBHOOK_RETRY_BASE_SECONDS: '5',
        WEBHOOK_RETRY_MAX_SECONDS: '60',
        WEBHOOK_TIMEOUT_MS: '2000',
        SMTP_URL: 'smtp://mailer:secret@mail.example.com:587',
        EMAIL_FROM: 'Account Health <cs@example.com>',
        DIGEST_HOUR: '8',
        PUBLIC_BASE_URL: 'https://health.example.com/',
      }).notifications,
    ).toEqual({
      webhookAllowPrivate: true,
      webhookMaxAttempts: 3,
      webhookRetryBaseSeconds: 5,
      webhookRetryMaxSeconds: 60,
      webhookTimeoutMs: 2000,
      smtpUrl: 'smtp://mailer:secret@mail.example.com:587',
      emailFrom: 'Account Health <cs@example.com>',
      digestHour: 8,
      publicBaseUrl: 'https://health.example.com',
    });
    expect(() => loadConfig({ SMTP_URL: 'smtp://mail.example.com' })).toThrow(/EMAIL_FROM/);
  });

  it.each([
    ['WEBHOOK_ALLOW_PRIVATE', 'yes'],
    ['WEBHOOK_MAX_ATTEMPTS', '0'],
    ['WEBHOOK_RETRY_BASE_SECONDS', 'soon'],
    ['WEBHOOK_TIMEOUT_MS', '5'],
    ['SMTP_URL', 'http://mail.example.com'],
    ['DIGEST_HOUR', '24'],
    ['PUBLIC_BASE_URL', 'health.example.com'],
  ])('stops with a message naming %s when it is %p', (variable, value) => {
    expect(() => loadConfig({ [variable]: value })).toThrow(new RegExp(variable));
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
    ['RECOMMENDATION_MIN_PEERS', '0'],
    ['EXPORT_FORMATS', 'csv,xlsx'],
    ['EXPORT_KEEP_DAYS', '0'],
    ['EXPORT_TOMBSTONE_KEEP_DAYS', 'forever'],
    ['BI_ROLE_NAME', 'BI Reader'],
  ])('stops with a message naming %s when it is %p', (variable, value) => {
    expect(() => loadConfig({ [variable]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [variable]: value })).toThrow(new RegExp(variable));
  });
});
