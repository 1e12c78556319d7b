// Compiles sortBy/sortOrder (RFC 7644 section 3.4.2.3) to an ORDER BY list, stable by the row's seq.
import { ScimError } from '../../scim/errors.js';
import type { AttributeDef } from '../../scim/schema/attribute.js';
import { findAttribute, type ResolvedAttribute } from '../../scim/schema/resolve.js';
import type { JsonRef, SqlDialect } from './dialect.js';
import type { SqlTarget } from './sql-target.js';

export type SortOrder = 'ascending' | 'descending';

/**
 * Returns the ORDER BY list (without the keywords). Without an attribute, rows come in `seq` order.
 * Unassigned values sort last in either direction; ties break by `seq` so paging is stable.
 * Nothing is bound: the list holds only identifiers from the mapping and the schema.
 */
export function compileSort(attribute: ResolvedAttribute | undefined, order: SortOrder, target: SqlTarget, dialect: SqlDialect): string {
  const seq = `${target.alias}.${target.seqColumn} ASC`;
  if (!attribute) return seq;
  const direction = order === 'descending' ? 'DESC' : 'ASC';
  return `${sortExpression(attribute, target, dialect)} ${direction} NULLS LAST, ${seq}`;
}

function sortExpression(resolved: ResolvedAttribute, target: SqlTarget, dialect: SqlDialect): string {
  const { attribute } = resolved;
  if (attribute.returned === 'never' || resolved.subAttribute?.returned === 'never') {
    throw ScimError.invalidValue(`cannot sort by "${resolved.path}"`);
  }
  // A complex attribute sorts by its value sub-attribute, as it filters by it (RFC 7644 section 3.4.2.2).
  const sub = resolved.subAttribute ?? (attribute.type === 'complex' ? findAttribute(attribute.subAttributes ?? [], 'value') : undefined);
  if (attribute.type === 'complex' && !sub) throw ScimError.invalidValue(`cannot sort by the complex attribute "${resolved.path}"`);
  const leaf = sub ?? attribute;
  const path = sub ? `${attribute.name}.${sub.name}` : attribute.name;

  const column = resolved.inExtension ? undefined : target.columns[path];
  if (column && (column.kind !== 'folded' || !leaf.caseExact)) {
    const expr = `${target.alias}.${column.column}`;
    if (column.kind === 'text' || column.kind === 'folded') return dialect.ordered(column.kind === 'text' && !leaf.caseExact ? dialect.fold(expr) : expr);
    return expr;
  }
  if (!resolved.inExtension && target.notInDoc.includes(attribute.name)) {
    throw ScimError.invalidValue(`sorting by "${resolved.path}" is not supported`);
  }
  const base: JsonRef = {
    kind: 'doc',
    column: `${target.alias}.${target.docColumn}`,
    keys: resolved.inExtension ? [resolved.schemaId, attribute.name] : [attribute.name],
  };
  if (!attribute.multiValued) return scalar({ ...base, keys: sub ? [...base.keys, sub.name] : base.keys }, leaf, dialect);
  // RFC 7644 section 3.4.2.3: a multi-valued attribute sorts by its primary value, else its first value.
  const alias = 's1';
  const element: JsonRef = { kind: 'element', alias, keys: sub ? [sub.name] : [] };
  const primary = findAttribute(attribute.subAttributes ?? [], 'primary');
  const rank = primary ? `CASE WHEN ${dialect.jsonIsTrue({ kind: 'element', alias, keys: [primary.name] })} THEN 0 ELSE 1 END, ` : '';
  return `(SELECT ${scalar(element, leaf, dialect)} FROM ${dialect.jsonArrayElements(base, alias)} ORDER BY ${rank}${dialect.jsonArrayIndex(alias)} LIMIT 1)`;
}

function scalar(ref: JsonRef, leaf: AttributeDef, dialect: SqlDialect): string {
  if (leaf.type === 'integer' || leaf.type === 'decimal') return dialect.jsonNumber(ref);
  const value = dialect.jsonScalar(ref);
  if (leaf.type === 'boolean') return value;
  return dialect.ordered(leaf.caseExact ? value : dialect.fold(value));
}
