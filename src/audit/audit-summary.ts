/**
 * Field names whose values never reach the audit log. (`key` is not one: catalog keys are names, and
 * an API key's secret only ever appears in a response, which the audit log does not copy.)
 */
const SECRET_FIELDS = /^(secret|password|token|apiKey|authorization|signingSecret|smtpPassword)$/i;
const MAX_SUMMARY_CHARS = 8000;

function redact(value: unknown, depth = 0): unknown {
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([field, inner]) => [field, SECRET_FIELDS.test(field) ? '[redacted]' : redact(inner, depth + 1)]));
}

/**
 * What the audit log keeps of a write: the fields sent (secrets redacted) and, for a large or bulk
 * body, its size and the counts the answer reported instead of every row.
 */
export function auditSummary(requestBody: unknown, responseBody: unknown): Record<string, unknown> {
  const summary: Record<string, unknown> = {};
  if (Array.isArray(requestBody)) {
    summary.rows = requestBody.length;
  } else if (requestBody !== undefined && requestBody !== null && typeof requestBody === 'object' && !('pipe' in requestBody)) {
    const redacted = redact(requestBody);
    const text = JSON.stringify(redacted);
    summary.changes = text.length <= MAX_SUMMARY_CHARS ? redacted : { truncated: true, characters: text.length };
  }
  if (responseBody && typeof responseBody === 'object' && !Array.isArray(responseBody)) {
    const counts = Object.fromEntries(
      ['inserted', 'updated', 'unchanged', 'rejected'].filter((field) => typeof (responseBody as Record<string, unknown>)[field] === 'number').map((field) => [field, (responseBody as Record<string, unknown>)[field]]),
    );
    if (Object.keys(counts).length > 0) summary.result = counts;
  }
  return summary;
}
