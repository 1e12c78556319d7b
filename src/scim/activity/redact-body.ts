// What the provisioning activity log keeps of a request body: secrets replaced, size capped. Pure.

/** Keys whose values never reach the log: passwords, secrets, tokens, credentials (any case, any depth). */
const SECRET_KEY = /pass(word)?|secret|token|credential|private.?key/i;
export const REDACTED = '[redacted]';
export const MAX_LOGGED_BODY_CHARS = 8 * 1024;

function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) out[key] = SECRET_KEY.test(key) ? REDACTED : redact(item);
  return out;
}

/**
 * PATCH values name their path outside the value (`{"path":"password","value":"…"}`): such a value is redacted too.
 */
function redactPatchValues(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const ops = (value as Record<string, unknown>)['Operations'];
  if (!Array.isArray(ops)) return value;
  return {
    ...value,
    Operations: ops.map((op: unknown) => {
      if (typeof op !== 'object' || op === null) return op;
      const path = (op as Record<string, unknown>)['path'];
      return typeof path === 'string' && SECRET_KEY.test(path) ? { ...op, value: REDACTED } : op;
    }),
  };
}

/** The body as pretty JSON with secrets redacted, cut at `max` characters with a note of the full size. */
export function redactBody(body: unknown, max = MAX_LOGGED_BODY_CHARS): string | null {
  if (body === undefined || body === null) return null;
  const text = JSON.stringify(redact(redactPatchValues(body)), null, 2);
  if (text.length <= max) return text;
  return `${text.slice(0, max)}\n… (cut: ${text.length} characters in all)`;
}
