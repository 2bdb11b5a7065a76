import type { Loc, Logger, Problem, Severity } from '../core/types';
import { recordReads, type Reads } from '../core/memo';
import { PRODUCER_READ, soleProducer, type ProjectModel } from '../project/model';
import type { ResolvedNode } from '../project/pipelines/types';
import { PY_READ } from '../project/pythonIndex';
import { RULES } from './registry';
import { reportOnce, type NodePart, type ReportExtra, type Rule } from './rule';

/** `{ "KL001": "warning", "KL201": "off" }` from settings. */
export type RuleOverrides = Readonly<Record<string, Severity | 'off'>>;

type Finding = readonly [Loc, string, ReportExtra | undefined];

/** What one node check found, and what it read: reused by a later pass while every read gives the same answer. */
interface NodeFindings {
  readonly parts: readonly unknown[];
  readonly reads: Reads | undefined;
  readonly found: readonly Finding[];
}

// Keyed by node object: the evaluator keeps a pipeline's nodes across passes until a module it read changes.
const nodeFindings = new WeakMap<ResolvedNode, Map<string, NodeFindings>>();

const partOf = (model: ProjectModel, part: NodePart): unknown => (part === 'catalog' ? model.catalog : model.params);

function readsStillValid(model: ProjectModel, reads: Reads | undefined): boolean {
  if (!reads) return true;
  for (const [key, value] of reads) {
    if (key.startsWith(PY_READ)) {
      if (model.python.module(key.slice(PY_READ.length))?.facts !== value) return false;
    } else if (key.startsWith(PRODUCER_READ)) {
      if (soleProducer(model, key.slice(PRODUCER_READ.length)) !== value) return false;
    } else return false;
  }
  return true;
}

/** Node checks run and reused (from an earlier pass) by `runRules`. */
export interface NodeCheckStats {
  checked: number;
  reused: number;
}

/** Runs every enabled rule; a rule that throws is logged and skipped, never fatal. */
export function runRules(model: ProjectModel, overrides: RuleOverrides = {}, log?: Logger, rules: readonly Rule[] = RULES, stats?: NodeCheckStats): Problem[] {
  const out: Problem[] = [];
  for (const rule of rules) {
    const override = overrides[rule.code];
    if (override === 'off') continue;
    const report = (loc: Loc, message: string, extra?: ReportExtra): void => {
      out.push({
        code: rule.code,
        severity: override ?? extra?.severity ?? rule.defaultSeverity,
        message,
        loc,
        ...(extra?.related?.length ? { related: extra.related } : {}),
        ...(extra?.data ? { data: extra.data } : {}),
      });
    };
    try {
      if (rule.perNode) runPerNode(model, rule, report, stats);
      else rule.check(model, report);
    } catch (err) {
      log?.error(`rule_failed code=${rule.code}`, err);
    }
  }
  return out;
}

/** `rule.check` over the nodes, reusing each unchanged node's findings from an earlier pass. */
function runPerNode(model: ProjectModel, rule: Rule, report: (loc: Loc, message: string, extra?: ReportExtra) => void, stats?: NodeCheckStats): void {
  const perNode = rule.perNode as NonNullable<Rule['perNode']>;
  const parts = perNode.reads.map((p) => partOf(model, p));
  // One call site can make several nodes (a helper, a comprehension): its finding is reported once.
  const once = reportOnce(report);
  const emit = ([loc, message, extra]: Finding): void => once(loc, message, extra);
  for (const node of model.nodes) {
    let byRule = nodeFindings.get(node);
    if (!byRule) nodeFindings.set(node, (byRule = new Map()));
    const hit = byRule.get(rule.code);
    if (hit && hit.parts.every((p, i) => p === parts[i]) && readsStillValid(model, hit.reads)) {
      for (const f of hit.found) emit(f);
      if (stats) stats.reused++;
      continue;
    }
    const found: Finding[] = [];
    const { reads } = recordReads(() => perNode.check(model, node, (loc, message, extra) => found.push([loc, message, extra])));
    byRule.set(rule.code, { parts, reads, found });
    if (stats) stats.checked++;
    for (const f of found) emit(f);
  }
}
