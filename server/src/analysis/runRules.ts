import type { Loc, Logger, Problem, Severity } from '../core/types';
import { onlyReaders, readsStillValid, recordReads, type Reads } from '../core/memo';
import type { ProjectModel } from '../project/model';
import { KNOWN_READERS, readChanges, readSourcesOf, type ReadSources } from '../project/readChanges';
import type { ResolvedNode } from '../project/pipelines/types';
import { RULES } from './registry';
import { reportOnce, type Report, type ReportExtra, type Rule } from './rule';

/** `{ "KL001": "warning", "KL201": "off" }` from settings. */
export type RuleOverrides = Readonly<Record<string, Severity | 'off'>>;

/** Node checks run and reused (from an earlier pass) by `runRules`. */
export interface NodeCheckStats {
  checked: number;
  reused: number;
}

type Finding = readonly [Loc, string, ReportExtra | undefined];

/**
 * What the node checks found for one node, and what they read: reused by a later pass while the model parts a node
 * check may read (see NodeCheck) are the same objects and every recorded read gives the same answer.
 */
interface NodeFindings {
  readonly envChain: string;
  /** The model parts the reads were last checked against: only what changed since is read again. */
  sources: ReadSources;
  readonly producedNames: unknown;
  readonly unknownProducers: boolean;
  readonly reads: Reads | undefined;
  /** Every reader in `reads` is one readChanges can tell about: only what changed is read again. */
  readonly narrowable: boolean;
  /** The rule codes checked, joined: a run with other rules (a test, a setting) checks again. */
  readonly rules: string;
  /** Per rule, in `rules` order; undefined when nothing was found (most nodes). */
  readonly found: readonly (readonly Finding[])[] | undefined;
}

// Keyed by node object: the evaluator keeps a pipeline's nodes across passes until a module it read changes.
const nodeFindings = new WeakMap<ResolvedNode, NodeFindings>();

/** Runs every enabled rule; a rule that throws is logged and skipped, never fatal. */
export function runRules(model: ProjectModel, overrides: RuleOverrides = {}, log?: Logger, rules: readonly Rule[] = RULES, stats?: NodeCheckStats): Problem[] {
  const enabled = rules.filter((r) => overrides[r.code] !== 'off');
  // Findings in rule order, whichever way they were computed.
  const byRule = new Map<string, Problem[]>(enabled.map((r) => [r.code, []]));
  const reporter = (rule: Rule): Report => {
    const out = byRule.get(rule.code) as Problem[];
    const override = overrides[rule.code] as Severity | undefined;
    return (loc, message, extra) => {
      out.push({
        code: rule.code,
        severity: override ?? extra?.severity ?? rule.defaultSeverity,
        message,
        loc,
        ...(extra?.related?.length ? { related: extra.related } : {}),
        ...(extra?.data ? { data: extra.data } : {}),
      });
    };
  };
  runNodeChecks(model, enabled.filter((r) => r.perNode), reporter, log, stats);
  for (const rule of enabled) {
    if (rule.perNode) continue;
    try {
      rule.check(model, reporter(rule));
    } catch (err) {
      log?.error(`rule_failed code=${rule.code}`, err);
    }
  }
  return [...byRule.values()].flat();
}

/**
 * The node checks of every node, reusing an unchanged node's findings from an earlier pass: one validity check per
 * node, not per node and rule, since that loop runs over every node of the project on every keystroke.
 */
function runNodeChecks(model: ProjectModel, rules: readonly Rule[], reporter: (rule: Rule) => Report, log?: Logger, stats?: NodeCheckStats): void {
  const codes = rules.map((r) => r.code).join(',');
  const envChain = model.envChain.join('+');
  const sources = readSourcesOf(model);
  // One call site can make several nodes (a helper, a comprehension): its finding is reported once.
  const emitters = rules.map((r) => reportOnce(reporter(r)));
  const failed = new Set<string>();
  for (const node of model.nodes) {
    let hit = nodeFindings.get(node);
    if (
      hit &&
      hit.rules === codes &&
      hit.envChain === envChain &&
      hit.producedNames === model.producedNames &&
      hit.unknownProducers === model.unknownProducers &&
      readsStillValid(model, hit.reads, hit.narrowable ? readChanges(hit.sources, sources) : undefined)
    ) {
      hit.sources = sources;
      if (stats) stats.reused++;
    } else {
      let found: Finding[][] | undefined;
      const { reads } = recordReads(() => {
        rules.forEach((rule, i) => {
          try {
            rule.perNode?.check(model, node, (loc, message, extra) => {
              found ??= rules.map(() => []);
              found[i]?.push([loc, message, extra]);
            });
          } catch (err) {
            if (!failed.has(rule.code)) log?.error(`rule_failed code=${rule.code}`, err);
            failed.add(rule.code);
          }
        });
      });
      hit = { rules: codes, envChain, sources, producedNames: model.producedNames, unknownProducers: model.unknownProducers, reads, narrowable: onlyReaders(KNOWN_READERS, reads), found };
      nodeFindings.set(node, hit);
      if (stats) stats.checked++;
    }
    if (hit.found) hit.found.forEach((list, i) => list.forEach(([loc, message, extra]) => (emitters[i] as Report)(loc, message, extra)));
  }
}
