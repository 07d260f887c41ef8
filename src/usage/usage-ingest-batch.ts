import type { EntityManager } from 'typeorm';
import { collectAccountReferences, resolveAccountReference, ResolvedAccountReferences } from '../accounts/account-reference';
import type { AccountReferenceRepository } from '../accounts/account-reference.repository';
import type { AccountScope } from '../auth/account-scope';
import { BloomFilter } from '../common/bulk/bloom-filter';
import type { BulkChunkOutcome, BulkRow } from '../common/bulk/bulk-ingest';
import type { ProblemFieldError } from '../common/problem';
import type { UsageMetricRule, UsageRow } from './usage-row';
import { usageRowErrors } from './usage-row';
import type { UsageDayColumns, UsageRepository, UsageUpsertOutcome } from './usage.repository';

/** Resolved references kept across chunks; past this many the cache starts over (memory stays bounded). */
const MAX_CACHED_REFERENCES = 100_000;

interface Prepared {
  columns: UsageDayColumns;
  errors: ProblemFieldError[];
  /** Rows repeating a key of the chunk, with the index (in `columns`) of the key's first row. */
  repeats: { line: number; first: number; value: number; weight: number | null }[];
}

/**
 * One usage ingest batch: the state its chunks share inside the batch's transaction, in constant
 * memory — the metric rules, the transaction id, a bounded cache of resolved account references
 * and a fixed-size Bloom filter of the keys written so far.
 *
 * Chunks overlap (`overlapChunks`): while the database upserts chunk N, chunk N+1 is resolved and
 * checked in JavaScript. Each chunk's preparation waits until the previous chunk's upsert has been
 * issued, so statements reach the connection, and keys the Bloom filter, in batch order; the
 * connection itself runs one statement at a time.
 */
export class UsageIngestBatch {
  private setup?: Promise<{ metrics: Map<string, UsageMetricRule>; transactionId: string }>;
  private readonly references: ResolvedAccountReferences = { byId: new Map(), byExternalId: new Map(), byAppId: new Map() };
  private readonly keysWritten = new BloomFilter();
  private previousSent: Promise<unknown> = Promise.resolve();
  private connectionFree: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly usage: UsageRepository,
    private readonly accountReferences: AccountReferenceRepository,
    private readonly scope: AccountScope,
    private readonly latestDay: string,
    private readonly now: Date,
  ) {}

  async processChunk(manager: EntityManager, rows: BulkRow<UsageRow>[]): Promise<BulkChunkOutcome> {
    const sent = this.previousSent.then(async () => {
      const prepared = await this.prepare(manager, rows);
      const { transactionId } = await this.setupFor(manager);
      return { prepared, upsert: this.onConnection(() => this.usage.upsertDays(manager, prepared.columns, transactionId, this.now)) };
    });
    // The next chunk waits for this one's upsert to be sent, not for its answer (nor its success:
    // a failure surfaces through this chunk's own promise below).
    this.previousSent = sent.catch(() => undefined);
    const { prepared, upsert } = await sent;
    return this.outcome(prepared, await upsert);
  }

  /**
   * Runs a statement once the previous one on the batch's connection has answered: chunks overlap
   * in JavaScript, never on the connection (node-pg deprecates queueing queries on a busy client).
   */
  private onConnection<T>(statement: () => Promise<T>): Promise<T> {
    const result = this.connectionFree.then(statement);
    this.connectionFree = result.catch(() => undefined);
    return result;
  }

  private setupFor(manager: EntityManager) {
    this.setup ??= (async () => {
      const rules = await this.onConnection(() => this.usage.metricRules(manager));
      const transactionId = await this.onConnection(() => this.usage.transactionId(manager));
      return { metrics: new Map(rules.map((rule) => [rule.key, rule])), transactionId };
    })();
    return this.setup;
  }

  /** Resolves references (querying only those not cached), checks each row, and splits first occurrences from repeats. */
  private async prepare(manager: EntityManager, rows: BulkRow<UsageRow>[]): Promise<Prepared> {
    const { metrics } = await this.setupFor(manager);
    await this.resolveMissing(manager, rows);
    const errors: ProblemFieldError[] = [];
    const columns: UsageDayColumns = { accountIds: [], metrics: [], days: [], values: [], weights: [], lines: [], checks: [] };
    const firstInChunk = new Map<string, number>();
    const repeats: Prepared['repeats'] = [];
    for (const { line, row } of rows) {
      const reference = resolveAccountReference(row, this.references, line);
      const rowErrors = usageRowErrors(row, metrics.get(row.metric), this.latestDay, line);
      if (reference.error) rowErrors.unshift(reference.error);
      if (rowErrors.length > 0) {
        errors.push(...rowErrors);
        continue;
      }
      const weight = row.weight ?? null;
      const key = `${reference.accountId}|${row.metric}|${row.date}`;
      const first = firstInChunk.get(key);
      if (first !== undefined) {
        repeats.push({ line, first, value: row.value, weight });
        continue;
      }
      firstInChunk.set(key, columns.lines.length);
      columns.accountIds.push(reference.accountId!);
      columns.metrics.push(row.metric);
      columns.days.push(row.date);
      columns.values.push(row.value);
      columns.weights.push(weight);
      columns.lines.push(line);
      // Only a key an earlier chunk may have given needs the exact check in the database.
      columns.checks.push(this.keysWritten.add(key));
    }
    return { columns, errors, repeats };
  }

  private async resolveMissing(manager: EntityManager, rows: BulkRow<UsageRow>[]): Promise<void> {
    const cache = this.references;
    if (cache.byId.size + cache.byExternalId.size + cache.byAppId.size > MAX_CACHED_REFERENCES) {
      cache.byId.clear();
      cache.byExternalId.clear();
      cache.byAppId.clear();
    }
    const wanted = collectAccountReferences(rows.map((entry) => entry.row));
    const missing = {
      ids: wanted.ids.filter((id) => !cache.byId.has(id)),
      externalIds: wanted.externalIds.filter((externalId) => !cache.byExternalId.has(externalId)),
      appIds: wanted.appIds.filter((appId) => !cache.byAppId.has(appId)),
    };
    if (missing.ids.length + missing.externalIds.length + missing.appIds.length === 0) return;
    const resolved = await this.onConnection(() => this.accountReferences.resolve(manager, missing, this.scope));
    for (const [reference, accountId] of resolved.byId) cache.byId.set(reference, accountId);
    for (const [reference, accountId] of resolved.byExternalId) cache.byExternalId.set(reference, accountId);
    for (const [reference, accountId] of resolved.byAppId) cache.byAppId.set(reference, accountId);
  }

  /** Counts and errors of a chunk once its upsert answered; a repeat within the chunk is judged against the value the batch kept. */
  private outcome(prepared: Prepared, upserted: UsageUpsertOutcome): BulkChunkOutcome {
    const errors = [...prepared.errors];
    const conflicts = new Map(upserted.conflicts.map((conflict) => [conflict.line, conflict]));
    for (const conflict of upserted.conflicts) errors.push(repeatError(conflict.line));
    // The kept value is the repeat's first row in the chunk, or the earlier chunk's value when that first row was itself a repeat.
    let identicalRepeats = 0;
    const { columns } = prepared;
    for (const repeat of prepared.repeats) {
      const firstLine = columns.lines[repeat.first];
      const earlierChunk = conflicts.get(firstLine);
      const kept = earlierChunk ?? { value: columns.values[repeat.first], weight: columns.weights[repeat.first] };
      if (kept.value === repeat.value && kept.weight === repeat.weight) identicalRepeats += 1;
      else errors.push(repeatError(repeat.line, earlierChunk ? undefined : firstLine));
    }
    errors.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
    return { inserted: upserted.inserted, updated: upserted.updated, unchanged: upserted.unchanged + identicalRepeats, errors };
  }
}

function repeatError(line: number, earlierLine?: number): ProblemFieldError {
  return {
    line,
    path: 'date',
    message:
      earlierLine === undefined
        ? 'this account, metric and day were already given earlier in the batch with a different value'
        : `this account, metric and day are also on line ${earlierLine} with a different value`,
  };
}
