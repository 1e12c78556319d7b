// Test support: the plan PostgreSQL chooses for a statement, flattened, for tests that prove index use with EXPLAIN.
import type pg from 'pg';

export interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  /** With `analyze` only. */
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  Plans?: PlanNode[];
}

const flatten = (plan: PlanNode): PlanNode[] => [plan, ...(plan.Plans ?? []).flatMap(flatten)];

/** Every node of the plan for `text`; `analyze` runs the statement and adds the actual row counts. */
export async function planNodes(pool: pg.Pool, text: string, params: readonly unknown[] = [], { analyze = false } = {}): Promise<PlanNode[]> {
  const { rows } = await pool.query<{ 'QUERY PLAN': { Plan: PlanNode }[] }>(`EXPLAIN (${analyze ? 'ANALYZE, ' : ''}FORMAT JSON) ${text}`, [...params]);
  return flatten(rows[0]!['QUERY PLAN'][0]!.Plan);
}
