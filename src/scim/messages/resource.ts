// Wire shape of a SCIM resource document (RFC 7643 section 3): a JSON object keyed by attribute name,
// with extension attributes nested under their schema URN.

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
