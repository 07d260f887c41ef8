import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import request from 'supertest';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * Property-based fuzzing of every operation in /docs-json: random and invalid path parameters,
 * query strings and bodies (JSON, and NDJSON/CSV where a route takes them). Whatever is sent, the
 * answer is never a 5xx and every error is a well-formed problem+json. Routes added later are
 * covered without touching this file. Runs on its own database, seeded and bounded.
 */
const SEED = 20261122;
const RUNS_PER_OPERATION = 30;
const TIME_LIMIT_PER_OPERATION_MS = 8000;

type Schema = {
  $ref?: string;
  type?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: unknown[];
  format?: string;
  allOf?: Schema[];
  nullable?: boolean;
};
interface Operation {
  method: string;
  path: string;
  parameters: Array<{ name: string; in: string; schema?: Schema }>;
  bodySchema?: Schema;
  streamTypes: string[];
}
interface OpenApiDocument {
  paths: Record<string, Record<string, { parameters?: Operation['parameters']; requestBody?: { content: Record<string, { schema?: Schema }> } }>>;
  components: { schemas: Record<string, Schema> };
}

const problemSchema = {
  type: 'object',
  required: ['type', 'title', 'status', 'detail', 'requestId'],
  properties: {
    type: { type: 'string', minLength: 1 },
    title: { type: 'string', minLength: 1 },
    status: { type: 'integer', minimum: 400, maximum: 599 },
    detail: { type: 'string' },
    requestId: { type: 'string', minLength: 1 },
    errors: {
      type: 'array',
      items: { type: 'object', required: ['path', 'message'], properties: { line: { type: 'integer' }, path: { type: 'string' }, message: { type: 'string' } } },
    },
  },
};

const weirdString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom('', ' ', '0', '-1', '1e309', 'null', 'true', '[]', '{}', '../../etc/passwd', "' OR 1=1 --", '%00', '\u0000', 'ü', '😀', '2026-02-30', '9999-12-31T23:59:59Z', 'x'.repeat(600)),
  fc.uuid(),
  fc.integer().map(String),
);

const anyJson: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(null, 0, -1, 1e308, '', [], {}, [{}], { __proto: 1 }),
);

function resolve(schema: Schema | undefined, doc: OpenApiDocument): Schema {
  if (!schema) return {};
  if (schema.$ref) return resolve(doc.components.schemas[schema.$ref.split('/').pop()!], doc);
  if (schema.allOf) return schema.allOf.map((part) => resolve(part, doc)).reduce((merged, part) => ({ ...merged, ...part, properties: { ...merged.properties, ...part.properties } }), {} as Schema);
  return schema;
}

/** Mostly plausible values of the declared type, sometimes anything at all. */
function valueFor(schema: Schema | undefined, doc: OpenApiDocument, depth = 0): fc.Arbitrary<unknown> {
  const resolved = resolve(schema, doc);
  let typed: fc.Arbitrary<unknown>;
  if (resolved.enum) typed = fc.constantFrom(...resolved.enum);
  else if (resolved.type === 'object' || resolved.properties) typed = depth > 2 ? fc.constant({}) : objectFor(resolved, doc, depth + 1);
  else if (resolved.type === 'array') typed = fc.array(depth > 2 ? anyJson : valueFor(resolved.items, doc, depth + 1), { maxLength: 4 });
  else if (resolved.type === 'integer') typed = fc.oneof(fc.integer({ min: -5, max: 10_000 }), fc.constantFrom(2 ** 31, -(2 ** 53)));
  else if (resolved.type === 'number') typed = fc.oneof(fc.double({ noNaN: true }), fc.integer());
  else if (resolved.type === 'boolean') typed = fc.boolean();
  else if (resolved.format === 'uuid') typed = fc.uuid();
  else if (resolved.format === 'date-time') typed = fc.oneof(fc.date({ min: new Date('1900-01-01'), max: new Date('2200-01-01'), noInvalidDate: true }).map((date) => date.toISOString()), weirdString);
  else if (resolved.format === 'date') typed = fc.oneof(fc.date({ min: new Date('1900-01-01'), max: new Date('2200-01-01'), noInvalidDate: true }).map((date) => date.toISOString().slice(0, 10)), weirdString);
  else typed = weirdString;
  return fc.oneof({ weight: 4, arbitrary: typed }, { weight: 1, arbitrary: anyJson });
}

function objectFor(schema: Schema, doc: OpenApiDocument, depth: number): fc.Arbitrary<Record<string, unknown>> {
  const properties = schema.properties ?? {};
  const record: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [name, property] of Object.entries(properties)) record[name] = valueFor(property, doc, depth);
  return fc
    .tuple(fc.record(record, { requiredKeys: [] }), fc.option(fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), anyJson, { maxKeys: 2 }), { freq: 4 }))
    .map(([known, unknown]) => ({ ...(unknown ?? {}), ...known }));
}

function operations(doc: OpenApiDocument): Operation[] {
  const list: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      const content = operation.requestBody?.content ?? {};
      list.push({
        method,
        path,
        parameters: operation.parameters ?? [],
        bodySchema: content['application/json']?.schema,
        streamTypes: Object.keys(content).filter((type) => type === 'application/x-ndjson' || type === 'text/csv'),
      });
    }
  }
  return list;
}

describe('OpenAPI fuzzing (e2e)', () => {
  let t: TestApp;
  let doc: OpenApiDocument;
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  const isProblem = ajv.compile(problemSchema);

  beforeAll(async () => {
    t = await startTestApp();
    doc = (await request(t.server).get('/docs-json').expect(200)).body as OpenApiDocument;
  });
  afterAll(async () => t.close());

  it('covers every documented operation', () => {
    expect(operations(doc).length).toBeGreaterThanOrEqual(5);
  });

  it('never answers 5xx, and every error is problem+json', async () => {
    const keys = { admin: t.adminKey, bi: await t.keyFor('bi'), ingest: await t.keyFor('ingest') };
    const failures: string[] = [];
    for (const operation of operations(doc)) {
      const pathParams = operation.parameters.filter((parameter) => parameter.in === 'path');
      const queryParams = operation.parameters.filter((parameter) => parameter.in === 'query');
      const input = fc.record({
        // Ids are UUIDs, so well-formed ones reach the handlers and the database, not only the validation.
        path: fc.tuple(
          ...pathParams.map((parameter) =>
            fc.oneof({ weight: 3, arbitrary: fc.uuid({ version: 4 }) }, { weight: 1, arbitrary: valueFor(parameter.schema, doc).map(String) }, { weight: 1, arbitrary: weirdString }),
          ),
        ),
        query: fc.tuple(
          fc.record(Object.fromEntries(queryParams.map((parameter) => [parameter.name, fc.oneof(valueFor(parameter.schema, doc).map(String), weirdString)])), { requiredKeys: [] }),
          fc.option(fc.dictionary(fc.string({ minLength: 1, maxLength: 6 }), weirdString, { maxKeys: 2 }), { freq: 4 }),
        ),
        body: fc.oneof(
          { weight: 5, arbitrary: operation.bodySchema ? valueFor(operation.bodySchema, doc).map((value) => ({ kind: 'json' as const, value })) : anyJson.map((value) => ({ kind: 'json' as const, value })) },
          { weight: 1, arbitrary: fc.string({ maxLength: 60 }).map((text) => ({ kind: 'raw' as const, type: 'application/json', text })) },
          ...operation.streamTypes.map((type) => ({
            weight: 2,
            arbitrary: fc.array(fc.oneof(fc.string({ maxLength: 50 }), anyJson.map((value) => JSON.stringify(value))), { maxLength: 6 }).map((lines) => ({ kind: 'raw' as const, type, text: lines.join('\n') })),
          })),
        ),
        key: fc.constantFrom<keyof typeof keys | 'none'>('admin', 'admin', 'admin', 'bi', 'ingest', 'none'),
      });
      await fc.assert(
        fc.asyncProperty(input, async ({ path, query, body, key }) => {
          let url = operation.path;
          pathParams.forEach((parameter, index) => (url = url.replace(`{${parameter.name}}`, encodeURIComponent(String(path[index])))));
          const search = new URLSearchParams({ ...(query[1] ?? {}), ...(query[0] as Record<string, string>) }).toString();
          const call = (request(t.server) as unknown as Record<string, (url: string) => request.Test>)[operation.method](search ? `${url}?${search}` : url);
          if (key !== 'none') call.set('Authorization', `Bearer ${keys[key]}`);
          if (operation.method !== 'get' && operation.method !== 'delete') {
            if (body.kind === 'json') call.set('content-type', 'application/json').send(JSON.stringify(body.value) ?? 'null');
            else call.set('content-type', body.type).send(body.text);
          }
          const response = await call;
          const label = `${operation.method.toUpperCase()} ${search ? `${url}?${search}` : url} -> ${response.status}`;
          if (response.status >= 500) failures.push(`${label}: ${JSON.stringify(response.body)}`);
          if (response.status >= 400 && (!/application\/problem\+json/.test(String(response.headers['content-type'])) || !isProblem(response.body))) {
            failures.push(`${label}: not problem+json: ${response.text.slice(0, 200)}`);
          }
          return response.status < 500;
        }),
        { seed: SEED, numRuns: RUNS_PER_OPERATION, interruptAfterTimeLimit: TIME_LIMIT_PER_OPERATION_MS, endOnFailure: true },
      ).catch((error: Error) => failures.push(error.message.split('\n').slice(0, 6).join('\n')));
    }
    expect(failures).toEqual([]);
  }, 300_000);
});
