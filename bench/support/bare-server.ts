/**
 * The dashboard benchmark's baseline: a bare Fastify server (no Nest, no auth, no validation, no
 * DTOs) that replays the SQL the app sent for one dashboard and one portfolio request, wave by
 * wave (a wave's statements run at once, as the app ran them), with the requested id in place of
 * the recorded one, and answers the rows as JSON. Started by bench/dashboard.ts as its own process.
 */
import '../../src/database/pg-types';
import fastify from 'fastify';
import { readFileSync } from 'node:fs';
import { Pool } from 'pg';

export interface RecordedStatement {
  text: string;
  values: unknown[];
}
/** Statements the app had in flight together. */
export type RecordedWave = RecordedStatement[];

function substitute(values: unknown[], recordedId: string, id: string): unknown[] {
  return values.map((value) => (value === recordedId ? id : Array.isArray(value) ? value.map((item) => (item === recordedId ? id : item)) : value));
}

async function main(): Promise<void> {
  const capture = JSON.parse(readFileSync(process.env.BARE_CAPTURE!, 'utf8')) as { dashboard: RecordedWave[]; portfolio: RecordedWave[]; probeAccount: string; probeManager: string };
  const pool = new Pool({ connectionString: process.env.BARE_DATABASE_URL, max: Number(process.env.BARE_POOL_SIZE ?? 10) });
  const replay = async (waves: RecordedWave[], recordedId: string, id: string) => {
    const answers: unknown[][] = [];
    for (const wave of waves) {
      const results = await Promise.all(wave.map((statement) => pool.query(statement.text, substitute(statement.values, recordedId, id))));
      for (const result of results) answers.push(result.rows);
    }
    return answers;
  };
  const app = fastify({ logger: false });
  app.get('/ready', async () => ({ ok: true }));
  app.get<{ Params: { id: string } }>('/dashboard/:id', (request) => replay(capture.dashboard, capture.probeAccount, request.params.id));
  app.get<{ Params: { id: string } }>('/portfolio/:id', (request) => replay(capture.portfolio, capture.probeManager, request.params.id));
  await app.listen({ host: '127.0.0.1', port: Number(process.env.BARE_PORT) });
  process.once('SIGTERM', () => void app.close().then(() => pool.end()).then(() => process.exit(0)));
}

if (require.main === module) {
  main().catch((error: Error) => {
    process.stderr.write(`[bare-server] ${error.stack ?? error.message}\n`);
    process.exit(1);
  });
}
