// Resolves attribute paths ("userName", "name.familyName", "urn:...:User:department", "meta.created")
// against a resource type, case-insensitively as RFC 7644 section 3.10 requires.
import type { AttributeDef } from './attribute.js';
import { COMMON_ATTRIBUTES } from './common.js';
import type { ResourceTypeDef } from './resource-types.js';

export interface ResolvedAttribute {
  /** URN of the schema that owns the attribute; common attributes belong to the core schema. */
  readonly schemaId: string;
  /** True when the attribute lives under an extension URN key in the document. */
  readonly inExtension: boolean;
  readonly attribute: AttributeDef;
  readonly subAttribute?: AttributeDef;
  /** Canonical path without URN: "name.familyName". */
  readonly path: string;
}

export function findAttribute(list: readonly AttributeDef[], name: string): AttributeDef | undefined {
  const lower = name.toLowerCase();
  return list.find((a) => a.name.toLowerCase() === lower);
}

/** Splits a leading schema URN off a path, matching the URNs of the resource type case-insensitively. */
export function splitSchemaUrn(
  resourceType: ResourceTypeDef,
  path: string,
): { schemaId: string; inExtension: boolean; rest: string } {
  const lower = path.toLowerCase();
  for (const ext of resourceType.extensions) {
    const urn = ext.schema.id.toLowerCase();
    if (lower.startsWith(urn + ':')) return { schemaId: ext.schema.id, inExtension: true, rest: path.slice(urn.length + 1) };
  }
  const core = resourceType.schema.id.toLowerCase();
  if (lower.startsWith(core + ':')) return { schemaId: resourceType.schema.id, inExtension: false, rest: path.slice(core.length + 1) };
  return { schemaId: resourceType.schema.id, inExtension: false, rest: path };
}

/** Paths resolved per resource type (filters and projections name the same few on every request); bounded. */
const resolvedPaths = new WeakMap<ResourceTypeDef, Map<string, ResolvedAttribute | undefined>>();
const MAX_CACHED_PATHS = 512;

/** Returns the attribute a path names, or undefined when the resource type has no such attribute. */
export function resolveAttribute(resourceType: ResourceTypeDef, path: string): ResolvedAttribute | undefined {
  let cache = resolvedPaths.get(resourceType);
  if (!cache) resolvedPaths.set(resourceType, (cache = new Map()));
  if (cache.has(path)) return cache.get(path);
  const resolved = resolveUncached(resourceType, path);
  if (cache.size < MAX_CACHED_PATHS) cache.set(path, resolved);
  return resolved;
}

function resolveUncached(resourceType: ResourceTypeDef, path: string): ResolvedAttribute | undefined {
  const { schemaId, inExtension, rest } = splitSchemaUrn(resourceType, path);
  const [name, subName, extra] = rest.split('.');
  if (name === undefined || name === '' || extra !== undefined) return undefined;
  const schema = inExtension ? resourceType.extensions.find((e) => e.schema.id === schemaId)?.schema : resourceType.schema;
  if (!schema) return undefined;
  const attribute = findAttribute(schema.attributes, name) ?? (inExtension ? undefined : findAttribute(COMMON_ATTRIBUTES, name));
  if (!attribute) return undefined;
  if (subName === undefined) return { schemaId, inExtension, attribute, path: attribute.name };
  const subAttribute = findAttribute(attribute.subAttributes ?? [], subName);
  if (!subAttribute) return undefined;
  return { schemaId, inExtension, attribute, subAttribute, path: `${attribute.name}.${subAttribute.name}` };
}
