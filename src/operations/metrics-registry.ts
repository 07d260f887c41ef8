import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The app's Prometheus registry. One per app instance (not prom-client's global one), so several
 * apps in one process, as in the tests, keep separate figures.
 */
export class MetricsRegistry {
  readonly registry = new Registry();

  readonly httpRequestDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by route pattern, method and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  readonly jobRunDuration = new Histogram({
    name: 'job_run_duration_seconds',
    help: 'Duration of job runs by job and final status',
    labelNames: ['job', 'status'] as const,
    buckets: [0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600],
    registers: [this.registry],
  });

  readonly jobRows = new Counter({
    name: 'job_rows_total',
    help: 'Rows a job wrote or removed, by job',
    labelNames: ['job'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }
}
