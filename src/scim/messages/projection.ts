// `attributes` / `excludedAttributes` (RFC 7644 section 3.4.2.5) with the `returned` rules of RFC 7643
// section 7: `always` attributes (id, schemas) survive every projection, `never` ones (password) never appear,
// `request` ones only when named. Pure: works on the rendered wire document.
import { ScimError } from '../errors.js';
import type { AttributeDef } from '../schema/attribute.js';
import { COMMON_ATTRIBUTES } from '../schema/common.js';
import type { ResourceTypeDef } from '../schema/resource-types.js';
import { resolveAttribute } from '../schema/resolve.js';
import { isJsonObject, type JsonObject, type JsonValue } from './resource.js';

export interface Projection {
  readonly attributes?: readonly string[];
  readonly excludedAttributes?: readonly string[];
}

/** Compiled projection: for each container key ('' for core, URN for an extension), the names kept or dropped. */
interface PathSet {
  /** "container|attribute" for whole attributes, "container|attribute.sub" for sub-attributes. */
  readonly whole: Set<string>;
  readonly subs: Set<string>;
}

/** Parses a comma-separated attribute list from a query string. */
export function parseAttributeList(raw: unknown): string[] | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (typeof raw !== 'string') throw ScimError.invalidValue('attributes and excludedAttributes must be comma-separated attribute names');
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function compile(resourceType: ResourceTypeDef, paths: readonly string[], parameter: string): PathSet {
  const whole = new Set<string>();
  const subs = new Set<string>();
  for (const path of paths) {
    const extension = resourceType.extensions.find((e) => e.schema.id.toLowerCase() === path.toLowerCase());
    if (extension) {
      whole.add(`${extension.schema.id}|*`);
      continue;
    }
    const resolved = resolveAttribute(resourceType, path);
    if (!resolved) throw ScimError.invalidValue(`${parameter}: unknown attribute "${path}" for ${resourceType.name}`);
    const container = resolved.inExtension ? resolved.schemaId : '';
    if (resolved.subAttribute) subs.add(`${container}|${resolved.attribute.name}.${resolved.subAttribute.name}`);
    else whole.add(`${container}|${resolved.attribute.name}`);
  }
  return { whole, subs };
}

/** The projection of a request that asks for the resources as rendered: a list page may then skip projecting. */
export const keepEverything = (doc: JsonObject): JsonObject => doc;

/** Decides the projection once per request; the returned function applies it to each resource. */
export function projector(resourceType: ResourceTypeDef, projection: Projection): (doc: JsonObject) => JsonObject {
  const include = projection.attributes?.length ? compile(resourceType, projection.attributes, 'attributes') : undefined;
  const exclude = projection.excludedAttributes?.length ? compile(resourceType, projection.excludedAttributes, 'excludedAttributes') : undefined;
  const [idDef, externalIdDef, metaDef] = COMMON_ATTRIBUTES as [AttributeDef, AttributeDef, AttributeDef];
  const coreOrder = [idDef, externalIdDef, ...resourceType.schema.attributes, metaDef];
  const defsFor = (container: string): readonly AttributeDef[] =>
    container === '' ? coreOrder : resourceType.extensions.find((e) => e.schema.id === container)?.schema.attributes ?? [];

  const keepAttribute = (container: string, def: AttributeDef): 'all' | 'some' | 'none' => {
    if (def.returned === 'never') return 'none';
    if (def.returned === 'always') return 'all';
    const key = `${container}|${def.name}`;
    // A bare extension URN names every attribute of that extension.
    const wholeContainer = `${container}|*`;
    if (include) {
      if (include.whole.has(key) || include.whole.has(wholeContainer)) return 'all';
      for (const sub of include.subs) if (sub.startsWith(`${key}.`)) return 'some';
      return 'none';
    }
    if (def.returned === 'request') return 'none';
    if (exclude?.whole.has(key) || exclude?.whole.has(wholeContainer)) return 'none';
    for (const sub of exclude?.subs ?? []) if (sub.startsWith(`${key}.`)) return 'some';
    return 'all';
  };

  const keepSub = (container: string, def: AttributeDef, sub: AttributeDef): boolean => {
    if (sub.returned === 'never') return false;
    if (sub.returned === 'always') return true;
    const key = `${container}|${def.name}.${sub.name}`;
    return include ? include.subs.has(key) : !exclude?.subs.has(key);
  };

  const projectValue = (container: string, def: AttributeDef, value: JsonValue): JsonValue | undefined => {
    const pick = (item: JsonValue): JsonValue | undefined => {
      if (!isJsonObject(item)) return item;
      const out: JsonObject = {};
      for (const sub of def.subAttributes ?? []) {
        const v = item[sub.name];
        if (v !== undefined && keepSub(container, def, sub)) out[sub.name] = v;
      }
      return Object.keys(out).length ? out : undefined;
    };
    if (Array.isArray(value)) {
      const items = value.map(pick).filter((v): v is JsonValue => v !== undefined);
      return items.length ? items : undefined;
    }
    return pick(value);
  };

  const projectContainer = (container: string, source: JsonObject): JsonObject => {
    const out: JsonObject = {};
    for (const def of defsFor(container)) {
      const value = source[def.name];
      if (value === undefined) continue;
      const keep = keepAttribute(container, def);
      if (keep === 'all') out[def.name] = value;
      else if (keep === 'some') {
        const projected = projectValue(container, def, value);
        if (projected !== undefined) out[def.name] = projected;
      }
    }
    return out;
  };

  // Core documents never hold `never` or `request` attributes, so without a projection there is nothing to do,
  // unless an organization's extension declares such attributes.
  if (!include && !exclude && !resourceType.extensions.some((e) => e.schema.attributes.some(hidesByDefault))) return keepEverything;
  return (doc) => withDefaults(doc, resourceType, projectContainer, include === undefined);
}

const hidesByDefault = (def: AttributeDef): boolean =>
  def.returned === 'never' || def.returned === 'request' || (def.subAttributes ?? []).some(hidesByDefault);

function withDefaults(
  doc: JsonObject,
  resourceType: ResourceTypeDef,
  projectContainer: (container: string, source: JsonObject) => JsonObject,
  keepUndeclared: boolean,
): JsonObject {
  const schemas: string[] = [resourceType.schema.id];
  const out: JsonObject = { schemas, ...projectContainer('', doc) };
  for (const ext of resourceType.extensions) {
    const value = doc[ext.schema.id];
    if (!isJsonObject(value)) continue;
    const projected = projectContainer(ext.schema.id, value);
    if (Object.keys(projected).length) {
      out[ext.schema.id] = projected;
      schemas.push(ext.schema.id);
    }
  }
  // Extension data kept as sent has no declaration to project by: it is returned unless `attributes` narrows the
  // response (it cannot be named there, so asking for anything else leaves it out).
  if (keepUndeclared) {
    for (const [key, value] of Object.entries(doc)) {
      if (key.startsWith('urn:') && isJsonObject(value) && !schemas.includes(key) && !resourceType.extensions.some((e) => e.schema.id === key)) {
        out[key] = value;
        schemas.push(key);
      }
    }
  }
  // Keep the rendering order: schemas, id, ..., extensions, meta last.
  const { meta, ...rest } = out;
  return meta === undefined ? rest : { ...rest, meta };
}
