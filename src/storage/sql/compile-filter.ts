// Compiles a checked SCIM filter to a WHERE fragment with bound parameters, for any SqlDialect (design.md section 4).
import { ScimError } from '../../scim/errors.js';
import type { CheckedCompare, CheckedFilter, CheckedNode, FilterTarget } from '../../scim/filter/checked.js';
import type { AttributeDef } from '../../scim/schema/attribute.js';
import { sqlString, type JsonRef, type SqlDialect } from './dialect.js';
import { computedShortcut } from './compile-computed.js';
import { prefixUpperBound } from './prefix-range.js';
import type { ChildTableMapping, ColumnKind, ColumnMapping, ComputedMapping, SqlTarget } from './sql-target.js';

export interface CompiledSql {
  readonly sql: string;
  readonly params: unknown[];
}

export interface CompileOptions {
  /** Parameters already bound before this fragment, so PostgreSQL placeholders continue at `$offset+1`. */
  readonly paramOffset?: number;
  /**
   * The organization the outer query is limited to. When given, child-table conditions compile to
   * `key IN (SELECT ... WHERE org_id = ? AND ...)` so SQLite can start from the child table's
   * (org_id, value) index instead of probing every resource row (a correlated EXISTS).
   */
  readonly orgId?: string;
  /** The SCIM base URL the responses put in meta.location and $ref; filters on those need it. */
  readonly scimBaseUrl?: string;
}

/**
 * Every value in the filter is bound, never spliced; identifiers come only from the target mapping and the schema.
 * Each predicate is never NULL, so `not` is a plain NOT: `ne` is `NOT (eq)`, like matchesFilter.
 */
export function compileFilter(checked: CheckedFilter, target: SqlTarget, dialect: SqlDialect, options: CompileOptions = {}): CompiledSql {
  if (checked.resourceType !== target.resourceType) {
    throw new Error(`a ${checked.resourceType} filter cannot run against the ${target.resourceType} table`);
  }
  const compiler = new FilterCompiler(target, dialect, options.paramOffset ?? 0, options.orgId, options.scimBaseUrl);
  const sql = compiler.node(checked.root, { kind: 'root' });
  return { sql, params: compiler.params };
}

/** Where a target's sub-attribute is read: the resource row, one child-table row, or one JSON object. */
type Scope =
  | { readonly kind: 'root' }
  | { readonly kind: 'child'; readonly alias: string; readonly mapping: ChildTableMapping }
  | { readonly kind: 'json'; readonly ref: JsonRef };

/** A value to compare: a column (or column-like expression), or a JSON location. */
type Operand =
  | { readonly kind: ColumnKind; readonly expr: string; readonly notNull: boolean }
  | { readonly kind: 'json'; readonly ref: JsonRef };

class FilterCompiler {
  readonly params: unknown[] = [];
  private aliases = 0;

  constructor(
    private readonly target: SqlTarget,
    private readonly dialect: SqlDialect,
    private readonly offset: number,
    private readonly orgId: string | undefined,
    private readonly scimBaseUrl: string | undefined,
  ) {}

  /** A literal, not a parameter: a computed expression may appear twice in a predicate (its NULL guard). */
  private readonly baseUrl = (): string => {
    if (this.scimBaseUrl === undefined) throw new Error('a filter on meta.location or $ref needs the SCIM base URL');
    return sqlString(this.scimBaseUrl);
  };

  private readonly bind = (value: unknown): string => {
    this.params.push(value);
    return this.dialect.placeholder(this.offset + this.params.length);
  };

  private alias(prefix: string): string {
    this.aliases++;
    return `${prefix}${this.aliases}`;
  }

  node(node: CheckedNode, scope: Scope): string {
    switch (node.kind) {
      case 'and':
      case 'or':
        return `(${node.filters.map((f) => this.node(f, scope)).join(node.kind === 'and' ? ' AND ' : ' OR ')})`;
      case 'not':
        return `NOT (${this.node(node.filter, scope)})`;
      case 'present':
        return this.present(node.target, scope);
      case 'compare':
        if (node.op === 'ne') return `NOT (${this.compare({ ...node, op: 'eq' }, scope)})`;
        return this.compare(node, scope);
      case 'valuePath':
        return this.valuePath(node.target, node.filter);
    }
  }

  // --- where a target lives -------------------------------------------------------------------------------

  private column(target: FilterTarget, caseExact: boolean): ColumnMapping | undefined {
    const mapping = target.inExtension ? undefined : this.target.columns[target.path];
    // A folded column has lost the original case, so it cannot answer a case-exact comparison.
    if (mapping?.kind === 'folded' && caseExact) return undefined;
    return mapping;
  }

  private child(target: FilterTarget): ChildTableMapping | undefined {
    return target.inExtension ? undefined : this.target.children[target.attribute.name];
  }

  private childColumn(mapping: ChildTableMapping, sub: AttributeDef, caseExact: boolean) {
    const column = mapping.columns[sub.name];
    if (column?.kind === 'folded' && caseExact) return undefined;
    return column;
  }

  /** Whether the child table (a column, or a value computed from its row) answers this sub-attribute. */
  private childHas(mapping: ChildTableMapping, sub: AttributeDef, caseExact: boolean): boolean {
    return this.childColumn(mapping, sub, caseExact) !== undefined || mapping.computed?.[sub.name] !== undefined;
  }

  private computedOperand(computed: ComputedMapping, row: string): Operand {
    return { kind: 'text', expr: computed.sql(row, this.baseUrl), notNull: computed.notNull };
  }

  private rootComputed(target: FilterTarget): ComputedMapping | undefined {
    return target.inExtension ? undefined : this.target.computed[target.path];
  }

  private docRef(target: FilterTarget): JsonRef {
    const keys = target.inExtension ? [target.schemaId, target.attribute.name] : [target.attribute.name];
    return { kind: 'doc', column: `${this.target.alias}.${this.target.docColumn}`, keys };
  }

  /** A single complex attribute held only in columns (meta): each sub-attribute is a column or computed. */
  private inColumnsOnly(target: FilterTarget): boolean {
    const { attribute } = target;
    return !target.inExtension && !attribute.multiValued && attribute.type === 'complex' && this.target.notInDoc.includes(attribute.name);
  }

  private requireDoc(target: FilterTarget): void {
    if (!target.inExtension && this.target.notInDoc.includes(target.attribute.name)) {
      throw ScimError.invalidFilter(`filtering on "${target.path}" is not supported`);
    }
  }

  private childFrom(mapping: ChildTableMapping, alias: string): string {
    const join = mapping.join ? ` JOIN ${mapping.join.table} ${alias}j ON ${alias}j.${mapping.join.joined} = ${alias}.${mapping.join.child}` : '';
    return `${mapping.table} ${alias}${join}`;
  }

  /**
   * "Some child row satisfies `build`". Both forms are exact: the key columns are NOT NULL, so even
   * under NOT the IN form never meets the NULL of `x NOT IN (..., NULL)`.
   */
  private childExists(mapping: ChildTableMapping, build: (scope: Scope) => string | undefined): string {
    const alias = this.alias('c');
    const [childKey, parentKey] = mapping.key;
    const parent = this.target.alias;
    if (this.orgId !== undefined) {
      const org = `${alias}.${mapping.orgColumn} = ${this.bind(this.orgId)}`;
      const inner = build({ kind: 'child', alias, mapping });
      const where = inner === undefined ? org : `${org} AND ${inner}`;
      return `${parent}.${parentKey} IN (SELECT ${alias}.${childKey} FROM ${this.childFrom(mapping, alias)} WHERE ${where})`;
    }
    const link = [`${alias}.${childKey} = ${parent}.${parentKey}`, `${alias}.${mapping.orgColumn} = ${parent}.${this.target.orgColumn}`];
    const inner = build({ kind: 'child', alias, mapping });
    const where = inner === undefined ? link : [...link, inner];
    return `EXISTS (SELECT 1 FROM ${this.childFrom(mapping, alias)} WHERE ${where.join(' AND ')})`;
  }

  private jsonExists(ref: JsonRef, objects: boolean, build: (element: JsonRef) => string): string {
    const alias = this.alias('j');
    const element: JsonRef = { kind: 'element', alias, keys: [] };
    const guard = objects ? `${this.dialect.jsonIsObject(element)} AND ` : '';
    return `EXISTS (SELECT 1 FROM ${this.dialect.jsonArrayElements(ref, alias)} WHERE ${guard}${build(element)})`;
  }

  private childOperand(scope: { alias: string; mapping: ChildTableMapping }, sub: AttributeDef, caseExact: boolean): Operand | undefined {
    const column = this.childColumn(scope.mapping, sub, caseExact);
    const computed = scope.mapping.computed?.[sub.name];
    const table = (column ?? computed)?.fromJoin ? `${scope.alias}j` : scope.alias;
    if (column) return { kind: column.kind, expr: `${table}.${column.column}`, notNull: column.notNull ?? false };
    return computed && this.computedOperand(computed, table);
  }

  // --- pr ---------------------------------------------------------------------------------------------------

  private present(target: FilterTarget, scope: Scope): string {
    const sub = target.subAttribute;
    if (scope.kind === 'child') {
      const operand = sub && this.childOperand(scope, sub, false);
      if (!operand) throw new Error(`value filter on ${target.path} routed to a child table that lacks it`);
      return this.presentOperand(operand);
    }
    if (scope.kind === 'json') return this.presentJson({ ...scope.ref, keys: [...scope.ref.keys, sub?.name ?? ''] }, target.leaf);

    const column = this.column(target, false);
    if (column && !column.presenceFromDoc) return this.presentOperand({ kind: column.kind, expr: this.rootColumn(column), notNull: column.notNull ?? false });
    const computed = this.rootComputed(target);
    if (computed) return this.presentOperand(this.computedOperand(computed, this.target.alias));
    const child = this.child(target);
    if (child && (!sub || this.childHas(child, sub, false))) {
      return this.childExists(child, (inner) => (sub && inner.kind === 'child' ? this.present(target, inner) : undefined));
    }
    if (!sub && this.inColumnsOnly(target)) {
      // `meta pr`: a complex value is present when one of its sub-attributes is.
      const subs = (target.attribute.subAttributes ?? []).map((s) => this.present({ ...target, subAttribute: s, leaf: s, path: `${target.attribute.name}.${s.name}` }, scope));
      return `(${subs.join(' OR ')})`;
    }
    this.requireDoc(target);
    const ref = this.docRef(target);
    if (target.attribute.multiValued) {
      const complex = target.attribute.type === 'complex';
      return this.jsonExists(ref, complex, (element) =>
        sub ? this.presentJson({ ...element, keys: [sub.name] }, sub) : complex ? this.presentComplex(element, target.attribute) : this.presentJson(element, target.attribute),
      );
    }
    if (sub) return this.presentJson({ ...ref, keys: [...ref.keys, sub.name] }, sub);
    return target.attribute.type === 'complex' ? this.presentComplex(ref, target.attribute) : this.presentJson(ref, target.attribute);
  }

  private rootColumn(column: ColumnMapping): string {
    return `${this.target.alias}.${column.column}`;
  }

  /** RFC 7644 section 3.4.2.2: `pr` needs a non-empty value; an empty string counts as empty. */
  private presentOperand(operand: Operand): string {
    if (operand.kind === 'json') return this.presentJson(operand.ref, undefined);
    if (operand.kind === 'boolean' || operand.kind === 'timestamp') return operand.notNull ? '1 = 1' : `${operand.expr} IS NOT NULL`;
    return operand.notNull ? `${operand.expr} <> ''` : `(${operand.expr} IS NOT NULL AND ${operand.expr} <> '')`;
  }

  private presentJson(ref: JsonRef, def: AttributeDef | undefined): string {
    if (def?.type === 'complex') return this.presentComplex(ref, def);
    const value = this.dialect.jsonScalar(ref);
    return `(${value} IS NOT NULL AND ${value} <> '')`;
  }

  /** A complex value is present when one of its sub-attributes is. */
  private presentComplex(ref: JsonRef, def: AttributeDef): string {
    const subs = (def.subAttributes ?? []).map((s) => this.presentJson({ ...ref, keys: [...ref.keys, s.name] }, s));
    return `(${subs.join(' OR ')})`;
  }

  // --- comparisons ------------------------------------------------------------------------------------------

  private compare(node: CheckedCompare, scope: Scope): string {
    const { target, caseExact } = node;
    const sub = target.subAttribute;
    if (scope.kind === 'child') {
      const computed = sub && !this.childColumn(scope.mapping, sub, caseExact) ? scope.mapping.computed?.[sub.name] : undefined;
      if (computed) return this.compareComputed(computed, computed.fromJoin ? `${scope.alias}j` : scope.alias, node);
      const operand = sub && this.childOperand(scope, sub, caseExact);
      if (!operand) throw new Error(`value filter on ${target.path} routed to a child table that lacks it`);
      return this.compareOperand(operand, node);
    }
    if (scope.kind === 'json') return this.compareOperand({ kind: 'json', ref: { ...scope.ref, keys: [...scope.ref.keys, sub?.name ?? ''] } }, node);

    const column = this.column(target, caseExact);
    if (column) return this.compareOperand({ kind: column.kind, expr: this.rootColumn(column), notNull: column.notNull ?? false }, node);
    const computed = this.rootComputed(target);
    if (computed) return this.compareComputed(computed, this.target.alias, node);
    const child = this.child(target);
    if (child && sub && this.childHas(child, sub, caseExact)) {
      return this.childExists(child, (inner) => this.compare(node, inner));
    }
    this.requireDoc(target);
    const ref = this.docRef(target);
    if (target.attribute.multiValued) {
      return this.jsonExists(ref, sub !== undefined, (element) =>
        this.compareOperand({ kind: 'json', ref: sub ? { ...element, keys: [sub.name] } : element }, node),
      );
    }
    return this.compareOperand({ kind: 'json', ref: sub ? { ...ref, keys: [...ref.keys, sub.name] } : ref }, node);
  }

  /** A comparison on a computed value: through columns and indexes when computedShortcut knows how, else on the value. */
  private compareComputed(computed: ComputedMapping, row: string, node: CheckedCompare): string {
    const context = { bind: this.bind, dialect: this.dialect, orgId: this.orgId, scimBaseUrl: this.scimBaseUrl };
    return computedShortcut(computed, row, node, context) ?? this.compareOperand(this.computedOperand(computed, row), node);
  }

  private compareOperand(operand: Operand, node: CheckedCompare): string {
    const { dialect, bind } = this;
    const { op, value } = node;
    const sqlOp = { eq: '=', ne: '<>', gt: '>', ge: '>=', lt: '<', le: '<=' }[op as 'eq'];
    if (value.type === 'boolean') {
      if (operand.kind === 'json') return dialect.jsonBooleanIs(operand.ref, value.value, bind);
      return guard(operand, `${operand.expr} = ${bind(dialect.booleanParam(value.value))}`);
    }
    if (value.type === 'number') {
      const expr = operand.kind === 'json' ? dialect.jsonNumber(operand.ref) : operand.expr;
      return guard({ expr, notNull: false }, `${expr} ${sqlOp} ${bind(value.value)}`);
    }
    if (value.type === 'dateTime' && operand.kind === 'timestamp') {
      return guard(operand, `${operand.expr} ${sqlOp} ${dialect.timestamp(bind(value.value))}`);
    }
    // Strings, and dateTime kept as canonical ISO-8601 text in JSON (which orders as text).
    const raw = operand.kind === 'json' ? dialect.jsonScalar(operand.ref) : operand.expr;
    const folded = !node.caseExact && value.type === 'string';
    const expr = folded && operand.kind !== 'folded' ? dialect.fold(raw) : raw;
    const literal = folded ? value.value.toLowerCase() : value.value;
    const notNull = operand.kind !== 'json' && operand.notNull;
    if (op === 'co' || op === 'sw' || op === 'ew') {
      // Every string contains, starts and ends with "": the test is only that a value exists.
      if (literal === '') return notNull ? '1 = 1' : `${raw} IS NOT NULL`;
      const upper = op === 'sw' && operand.kind === 'folded' ? prefixUpperBound(literal) : undefined;
      if (upper !== undefined) {
        // A range on the folded column can use its index; LIKE could not (SQLite wants NOCASE columns for that).
        const ordered = dialect.ordered(expr);
        return guard({ expr: raw, notNull }, `(${ordered} >= ${bind(literal)} AND ${ordered} < ${bind(upper)})`);
      }
      return guard({ expr: raw, notNull }, dialect.textMatch(expr, op, literal, folded, bind));
    }
    const left = op === 'eq' ? expr : dialect.ordered(expr);
    return guard({ expr: raw, notNull }, `${left} ${sqlOp} ${bind(literal)}`);
  }

  // --- value paths ------------------------------------------------------------------------------------------

  private valuePath(target: FilterTarget, filter: CheckedNode): string {
    const child = this.child(target);
    if (child && innerTargets(filter).every((n) => n.sub !== undefined && this.childHas(child, n.sub, n.caseExact))) {
      return this.childExists(child, (scope) => this.node(filter, scope));
    }
    // `meta[...]`: its sub-attributes are columns of the resource row.
    if (this.inColumnsOnly(target)) return `(${this.node(filter, { kind: 'root' })})`;
    this.requireDoc(target);
    const ref = this.docRef(target);
    if (target.attribute.multiValued) return this.jsonExists(ref, true, (element) => this.node(filter, { kind: 'json', ref: element }));
    return `(${this.dialect.jsonIsObject(ref)} AND ${this.node(filter, { kind: 'json', ref })})`;
  }
}

/** Adds `expr IS NOT NULL AND` so a missing value gives FALSE, not NULL, and NOT stays a plain negation. */
function guard(operand: { expr: string; notNull: boolean }, comparison: string): string {
  return operand.notNull ? comparison : `(${operand.expr} IS NOT NULL AND ${comparison})`;
}

/** The sub-attributes a value filter reads, with the case sensitivity each comparison needs. */
function innerTargets(node: CheckedNode): { sub: AttributeDef | undefined; caseExact: boolean }[] {
  switch (node.kind) {
    case 'and':
    case 'or':
      return node.filters.flatMap(innerTargets);
    case 'not':
      return innerTargets(node.filter);
    case 'present':
      return [{ sub: node.target.subAttribute, caseExact: false }];
    case 'compare':
      return [{ sub: node.target.subAttribute, caseExact: node.caseExact }];
    case 'valuePath':
      return innerTargets(node.filter);
  }
}
