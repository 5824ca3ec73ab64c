/** Field names whose values never enter the audit trail: only the fact that they changed does. */
const SECRET_FIELD = /password|secret|token|hash/i;
/** Fields that change with every write and say nothing about what was changed. */
const NOISE_FIELDS = new Set(['updatedAt', 'updated_at']);
export const REDACTED = '[REDACTED]';

type Values = Record<string, unknown>;

/**
 * The old and new values of a change, holding only the fields that differ (a creation has no old values, a
 * deletion no new ones). Secret fields are reduced to a marker; dates become ISO strings.
 */
export function changedValues(before: object | undefined, after: object | undefined): { oldValues: Values | null; newValues: Values | null } {
  const old = before ? plain(before) : undefined;
  const next = after ? plain(after) : undefined;
  if (!old || !next) return { oldValues: old ? redact(old) : null, newValues: next ? redact(next) : null };
  const oldValues: Values = {};
  const newValues: Values = {};
  for (const field of new Set([...Object.keys(old), ...Object.keys(next)])) {
    if (JSON.stringify(old[field]) === JSON.stringify(next[field])) continue;
    oldValues[field] = SECRET_FIELD.test(field) ? REDACTED : (old[field] ?? null);
    newValues[field] = SECRET_FIELD.test(field) ? REDACTED : (next[field] ?? null);
  }
  return { oldValues, newValues };
}

function plain(value: object): Values {
  const result: Values = {};
  for (const [field, item] of Object.entries(value)) {
    if (item === undefined || NOISE_FIELDS.has(field) || typeof item === 'function') continue;
    result[field] = item instanceof Date ? item.toISOString() : item;
  }
  return result;
}

function redact(values: Values): Values {
  return Object.fromEntries(Object.entries(values).map(([field, item]) => [field, SECRET_FIELD.test(field) ? REDACTED : item]));
}
