// Every jest worker runs in UTC unless a test sets another zone on purpose.
process.env.TZ = process.env.TZ || 'UTC';
