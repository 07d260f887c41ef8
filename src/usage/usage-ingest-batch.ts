import type { EntityManager } from 'typeorm';
import { collectAccountReferences, resolveAccountReference, ResolvedAccountReferences } from '../accounts/account-reference';
import type { AccountReferenceRepository } from '../accounts/account-reference.repository';
import type { AccountScope } from '../auth/account-scope';
import { BloomFilter } from '../common/bulk/bloom-filter';
import type { BulkChunkBuilder, BulkChunkOutcome } from '../common/bulk/bulk-ingest';
import type { ProblemFieldError } from '../common/problem';
import type { UsageMetricRule, UsageRow } from './usage-row';
import { usageRowErrors } from './usage-row';
import type { UsageDayColumns, UsageRepository, UsageUpsertOutcome } from './usage.repository';

/** Resolved references kept across chunks; past this many the cache starts over (memory stays bounded). */
const MAX_CACHED_REFERENCES = 100_000;
/** Distinct metric keys and days shared by the batch's rows; past this many the table starts over. */
const MAX_INTERNED_TEXTS = 10_000;

/** How a chunk row names its account (`UsageChunk.kinds`); all but `RESOLVED` keep the reference as sent. */
const RESOLVED = 0;
const BY_ID = 1;
const BY_EXTERNAL_ID = 2;
const BY_APP_ID = 3;
const NOT_EXACTLY_ONE = 4;

/**
 * A chunk of shape-checked rows as columns, filled while the stream is read: account ids already in
 * the batch's reference cache, metric keys and days are strings shared by every row that names them,
 * and numbers sit in typed arrays. So nothing of a parsed row outlives its parse: the row objects die
 * in V8's young generation instead of being promoted with a chunk that waits for the database, and a
 * stream of millions of rows leaves no old-space garbage behind (see the README's ingest benchmark).
 */
export class UsageChunk implements BulkChunkBuilder<UsageRow, UsageChunk> {
  length = 0;
  /** One of RESOLVED, BY_ID, BY_EXTERNAL_ID, BY_APP_ID, NOT_EXACTLY_ONE. */
  readonly kinds: Uint8Array;
  /** The account id when the row's kind is RESOLVED, else the reference as the row gave it. */
  readonly references: string[] = [];
  readonly metrics: string[] = [];
  readonly days: string[] = [];
  readonly values: Float64Array;
  /** NaN when the row has no weight (a sent weight is always finite). */
  readonly weights: Float64Array;
  readonly lines: Float64Array;

  constructor(
    capacity: number,
    private readonly resolved: ResolvedAccountReferences,
    private readonly intern: (text: string) => string,
  ) {
    this.kinds = new Uint8Array(capacity);
    this.values = new Float64Array(capacity);
    this.weights = new Float64Array(capacity);
    this.lines = new Float64Array(capacity);
  }

  add(line: number, row: UsageRow): void {
    const index = this.length;
    this.length += 1;
    const given = (row.account != null ? 1 : 0) + (row.accountExternalId != null ? 1 : 0) + (row.appId != null ? 1 : 0);
    let kind = NOT_EXACTLY_ONE;
    let reference = '';
    if (given === 1) {
      const [byKind, sent, cached] =
        row.account != null
          ? [BY_ID, row.account, this.resolved.byId.get(row.account.toLowerCase())]
          : row.accountExternalId != null
            ? [BY_EXTERNAL_ID, row.accountExternalId, this.resolved.byExternalId.get(row.accountExternalId)]
            : [BY_APP_ID, row.appId!, this.resolved.byAppId.get(row.appId!)];
      kind = cached === undefined ? byKind : RESOLVED;
      reference = cached ?? sent;
    }
    this.kinds[index] = kind;
    this.references.push(reference);
    this.metrics.push(this.intern(row.metric));
    this.days.push(this.intern(row.date));
    this.values[index] = row.value;
    this.weights[index] = row.weight ?? Number.NaN;
    this.lines[index] = line;
  }

  finish(): UsageChunk {
    return this;
  }

  /** The row at `index` as its reference fields, for the shared reference rules (only rows not resolved when added). */
  referenceOf(index: number): { account?: string; accountExternalId?: string; appId?: string } {
    const reference = this.references[index];
    switch (this.kinds[index]) {
      case BY_ID:
        return { account: reference };
      case BY_EXTERNAL_ID:
        return { accountExternalId: reference };
      case BY_APP_ID:
        return { appId: reference };
      default:
        return {};
    }
  }

  isResolved(index: number): boolean {
    return this.kinds[index] === RESOLVED;
  }
}

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
  private readonly interned = new Map<string, string>();
  private previousSent: Promise<unknown> = Promise.resolve();
  private connectionFree: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly usage: UsageRepository,
    private readonly accountReferences: AccountReferenceRepository,
    private readonly scope: AccountScope,
    private readonly latestDay: string,
    private readonly now: Date,
  ) {}

  /** A chunk to fill while the stream is read (see `UsageChunk`). */
  startChunk(capacity: number): UsageChunk {
    return new UsageChunk(capacity, this.references, (text) => this.intern(text));
  }

  private intern(text: string): string {
    const shared = this.interned.get(text);
    if (shared !== undefined) return shared;
    if (this.interned.size >= MAX_INTERNED_TEXTS) this.interned.clear();
    this.interned.set(text, text);
    return text;
  }

  async processChunk(manager: EntityManager, rows: UsageChunk): Promise<BulkChunkOutcome> {
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
  private async prepare(manager: EntityManager, rows: UsageChunk): Promise<Prepared> {
    const { metrics } = await this.setupFor(manager);
    await this.resolveMissing(manager, rows);
    const errors: ProblemFieldError[] = [];
    // The account id of each good row (undefined: the row has errors).
    const accountIds: (string | undefined)[] = new Array<string | undefined>(rows.length);
    let good = 0;
    for (let index = 0; index < rows.length; index += 1) {
      const line = rows.lines[index];
      const metric = rows.metrics[index];
      const sentWeight = rows.weights[index];
      const reference = rows.isResolved(index) ? { accountId: rows.references[index] } : resolveAccountReference(rows.referenceOf(index), this.references, line);
      const rowErrors = usageRowErrors(
        { metric, date: rows.days[index], value: rows.values[index], weight: Number.isNaN(sentWeight) ? undefined : sentWeight },
        metrics.get(metric),
        this.latestDay,
        line,
      );
      if (reference.error) rowErrors.unshift(reference.error);
      if (rowErrors.length > 0) errors.push(...rowErrors);
      else {
        accountIds[index] = reference.accountId;
        good += 1;
      }
    }
    const firstOf = firstOccurrences(rows, accountIds, good);
    const columns: UsageDayColumns = { accountIds: [], metrics: [], days: [], values: [], weights: [], lines: [], checks: [] };
    // The column of each row that became one (a repeat points at its first row's column).
    const columnOf = new Int32Array(rows.length);
    const repeats: Prepared['repeats'] = [];
    for (let index = 0; index < rows.length; index += 1) {
      const accountId = accountIds[index];
      if (accountId === undefined) continue;
      const sentWeight = rows.weights[index];
      const weight = Number.isNaN(sentWeight) ? null : sentWeight;
      const first = firstOf[index];
      if (first !== index) {
        repeats.push({ line: rows.lines[index], first: columnOf[first], value: rows.values[index], weight });
        continue;
      }
      columnOf[index] = columns.lines.length;
      columns.accountIds.push(accountId);
      columns.metrics.push(rows.metrics[index]);
      columns.days.push(rows.days[index]);
      columns.values.push(rows.values[index]);
      columns.weights.push(weight);
      columns.lines.push(rows.lines[index]);
      // Only a key an earlier chunk may have given needs the exact check in the database.
      columns.checks.push(this.keysWritten.addKey(accountId, rows.metrics[index], rows.days[index]));
    }
    return { columns, errors, repeats };
  }

  private async resolveMissing(manager: EntityManager, rows: UsageChunk): Promise<void> {
    const cache = this.references;
    if (cache.byId.size + cache.byExternalId.size + cache.byAppId.size > MAX_CACHED_REFERENCES) {
      cache.byId.clear();
      cache.byExternalId.clear();
      cache.byAppId.clear();
    }
    const unresolved: ReturnType<UsageChunk['referenceOf']>[] = [];
    for (let index = 0; index < rows.length; index += 1) if (!rows.isResolved(index)) unresolved.push(rows.referenceOf(index));
    if (unresolved.length === 0) return;
    const wanted = collectAccountReferences(unresolved);
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

/**
 * For each good row, the index of the first good row of the chunk with its (account, metric, day)
 * (itself when it is the first). Found by sorting row indexes rather than with a map of key texts:
 * no string per row, so nothing of the chunk's size is allocated for the check.
 */
function firstOccurrences(rows: UsageChunk, accountIds: readonly (string | undefined)[], good: number): Int32Array {
  const firstOf = new Int32Array(rows.length);
  const order = new Int32Array(good);
  let next = 0;
  for (let index = 0; index < rows.length; index += 1) {
    firstOf[index] = index;
    if (accountIds[index] !== undefined) order[next++] = index;
  }
  const text = (a: string, b: string) => (a === b ? 0 : a < b ? -1 : 1);
  order.sort((a, b) => text(accountIds[a]!, accountIds[b]!) || text(rows.metrics[a], rows.metrics[b]) || text(rows.days[a], rows.days[b]) || a - b);
  for (let position = 1; position < order.length; position += 1) {
    const previous = order[position - 1];
    const index = order[position];
    if (accountIds[index] === accountIds[previous] && rows.metrics[index] === rows.metrics[previous] && rows.days[index] === rows.days[previous]) firstOf[index] = firstOf[previous];
  }
  return firstOf;
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
