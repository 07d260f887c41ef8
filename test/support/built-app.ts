import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
/**
 * Compiled once per test run by global setup, beside the sources so node_modules resolve; each run
 * has its own folder (global setup names it in TEST_BUILD_DIR) so concurrent runs never share one.
 */
export function buildDir(): string {
  return process.env.TEST_BUILD_DIR ?? path.join(ROOT, '.test-build', 'default');
}

export function builtMain(): string {
  return path.join(buildDir(), 'src', 'main.js');
}

export function buildApp(): string {
  const dir = path.join(ROOT, '.test-build', `run-${process.pid}`);
  process.env.TEST_BUILD_DIR = dir;
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(ROOT, 'tsconfig.build.json'), '--outDir', dir, '--noCheck'], { stdio: 'inherit' });
  return dir;
}

export interface RunningApp {
  child: ChildProcess;
  output: () => string;
  /** Resolves when the output matches, rejects when the process exits first or the time runs out. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  exited: Promise<number | null>;
}

/** Starts the built app as `npm start` would, in its own process. */
export function startBuiltApp(env: Record<string, string>, cwd = ROOT): RunningApp {
  const child = spawn(process.execPath, [builtMain()], { cwd, env: { PATH: process.env.PATH ?? '', TZ: 'UTC', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    output: () => output,
    exited,
    waitFor: (pattern, timeoutMs = 30000) =>
      new Promise((resolve, reject) => {
        const deadline = Date.now() + timeoutMs;
        const poll = setInterval(() => {
          const match = output.match(pattern);
          if (match) {
            clearInterval(poll);
            resolve(match);
          } else if (child.exitCode !== null || Date.now() > deadline) {
            clearInterval(poll);
            reject(new Error(`app ${child.exitCode !== null ? `exited (${child.exitCode})` : 'timed out'} before printing ${pattern}; output:\n${output.slice(-3000)}`));
          }
        }, 50);
      }),
  };
}
