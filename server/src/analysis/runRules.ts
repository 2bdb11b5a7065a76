import type { Loc, Logger, Problem, Severity } from '../core/types';
import { MemoMismatch, onlyReaders, readsStillValid, recordReads, type Reads } from '../core/memo';
import type { ProjectModel } from '../project/model';
import { describeChanges, KNOWN_READERS, readChanges, readSourcesOf, type ReadSources } from '../project/readChanges';
import type { ResolvedNode } from '../project/pipelines/types';
import { RULES } from './registry';
import { reportOnce, type Report, type ReportExtra, type Rule } from './rule';
import { applySuppressions } from './suppressions';

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
export interface NodeFindings {
  readonly envChain: string;
  readonly versions: string;
  readonly configLoaders: string;
  /** The model parts the reads were last checked against: only what changed since is read again. */
  sources: ReadSources;
  readonly producedNames: unknown;
  readonly unknownProducers: boolean;
  readonly addedDatasets: unknown;
  readonly reads: Reads | undefined;
  /** Every reader in `reads` is one readChanges can tell about: only what changed is read again. */
  readonly narrowable: boolean;
  /** The rule codes checked, joined: a run with other rules (a test, a setting) checks again. */
  readonly rules: string;
  /** Per rule, in `rules` order; undefined when nothing was found (most nodes). */
  readonly found: readonly (readonly Finding[])[] | undefined;
}

/**
 * Per node object (the evaluator keeps a pipeline's nodes across passes until a module it read changes): one per
 * project, owned by whoever runs the passes (the workspace).
 */
export type NodeFindingsCache = WeakMap<ResolvedNode, NodeFindings>;

export interface RunRulesOptions {
  readonly overrides?: RuleOverrides;
  readonly log?: Logger;
  readonly rules?: readonly Rule[];
  /** Counts node checks run and reused. */
  readonly stats?: NodeCheckStats;
  /**
   * Checks every reused node again and throws a ReuseMismatch when the findings differ: the incremental contract,
   * verified (the test run switches it on through KEDRO_LENS_VERIFY_REUSE).
   */
  readonly verifyReuse?: boolean;
  /** Whether a node's earlier findings still hold in `model` (replaceable so tests can show a wrong one is caught). */
  readonly stillValid?: (model: ProjectModel, earlier: NodeFindings) => boolean;
  /** The findings of earlier passes on this project; absent, every node is checked. */
  readonly findings?: NodeFindingsCache;
  /** Findings wanted before the rest of the pass (the documents open in the editor on a server's first pass). */
  readonly early?: EarlyFindings;
}

/**
 * The node checks of the nodes written or defined in `uris` run before the others, and what they find in those
 * documents is handed to `emit` at once: a subset of the pass's findings there (project rules and other nodes' checks
 * come later, with the whole list), never one the pass would not report.
 */
export interface EarlyFindings {
  readonly uris: ReadonlySet<string>;
  readonly emit: (problems: Problem[]) => void;
}

/** A reused node check whose findings differ from a fresh check of the same node: a read the runner did not see. */
export class ReuseMismatch extends Error {
  constructor(
    readonly rule: string,
    readonly node: string,
    /** What changed between the pass the findings came from and this one. */
    readonly changes: string,
    readonly reused: readonly string[],
    readonly fresh: readonly string[],
  ) {
    super(`Reused findings of ${rule} on node '${node}' differ from a fresh check after ${changes}:\n  reused: ${JSON.stringify(reused)}\n  fresh:  ${JSON.stringify(fresh)}`);
    this.name = 'ReuseMismatch';
  }
}

/** Runs every enabled rule; a rule that throws is logged and skipped, never fatal. */
export function runRules(model: ProjectModel, options: RunRulesOptions = {}): Problem[] {
  const steps = ruleSteps(model, options);
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

/**
 * runRules with a turn for the event loop between steps (a slice of nodes, one project rule): `pause` returns true when
 * the pass is cancelled, and the run then stops (undefined). What was already cached per node stays valid.
 */
export async function runRulesYielding(model: ProjectModel, options: RunRulesOptions, pause: () => Promise<boolean>): Promise<Problem[] | undefined> {
  const steps = ruleSteps(model, options);
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
    if (await pause()) return undefined;
  }
}

/** Nodes checked between two steps: a step is a few milliseconds on a 5,000-node project. */
const NODES_PER_STEP = 256;

/** A rule's report function, adding to its list in `into` (one list per enabled rule, in rule order). */
function reporterInto(into: Map<string, Problem[]>, overrides: RuleOverrides): (rule: Rule) => Report {
  return (rule) => {
    const out = into.get(rule.code) as Problem[];
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
}

/** The rules as steps (each `yield` is a boundary where the caller may give the event loop a turn). */
function* ruleSteps(model: ProjectModel, options: RunRulesOptions): Generator<void, Problem[]> {
  const { overrides = {}, log, rules = RULES } = options;
  const enabled = rules.filter((r) => overrides[r.code] !== 'off');
  // Findings in rule order, whichever way they were computed.
  const byRule = new Map<string, Problem[]>(enabled.map((r) => [r.code, []]));
  const reporter = reporterInto(byRule, overrides);
  const quiet = quietCodes(model);
  const perNode = enabled.filter((r) => r.perNode);
  // One cache for both rounds below, so the second takes what the first found.
  const opts = { ...options, findings: options.findings ?? new WeakMap() };
  const earlyDone = new Set<ResolvedNode>();
  if (options.early) {
    const { uris, emit } = options.early;
    const first = new Map<string, Problem[]>(enabled.map((r) => [r.code, []]));
    yield* runNodeChecks(model, perNode, reporterInto(first, overrides), opts, { select: (n) => touches(n, uris), done: earlyDone });
    const inDocs = [...first.values()].flat().filter((p) => uris.has(p.loc.uri) && !quiet.has(p.code));
    // No code counts as run: unused suppressions are judged on the whole list only.
    emit(applySuppressions(model, inDocs, new Set(), overrides['KL910']));
  }
  yield* runNodeChecks(model, perNode, reporter, opts, { taken: earlyDone });
  for (const rule of enabled) {
    if (rule.perNode) continue;
    yield;
    try {
      rule.check(model, reporter(rule));
    } catch (err) {
      if (err instanceof MemoMismatch) throw err; // verify mode: a stale memo fails the pass, it is not a rule bug
      log?.error(`rule_failed code=${rule.code}`, err);
    }
  }
  const found = [...byRule.values()].flat().filter((p) => !quiet.has(p.code));
  // A quieted code is not judged either: its findings were dropped for the project, not fixed.
  return applySuppressions(model, found, new Set([...byRule.keys()].filter((c) => !quiet.has(c))), overrides['KL910']);
}

// What an unread config file (KL909 marks it) might define: checks of existence in it would guess.
const NEEDS_CATALOG = ['KL001', 'KL002', 'KL003', 'KL004'];
const NEEDS_PARAMS = ['KL004', 'KL201', 'KL203'];

function quietCodes(model: ProjectModel): ReadonlySet<string> {
  const kinds = new Set(model.unreadConf.map((u) => u.kind));
  return new Set([...(kinds.has('catalog') ? NEEDS_CATALOG : []), ...(kinds.has('parameters') ? NEEDS_PARAMS : [])]);
}

/** The contract of NodeCheck: the parts compared by identity, then every recorded read (only what changed is re-read). */
export function stillValid(model: ProjectModel, earlier: NodeFindings): boolean {
  return (
    earlier.envChain === model.envChain.join('+') &&
    earlier.versions === model.versions.text &&
    earlier.configLoaders === model.configLoaders.join('+') &&
    earlier.producedNames === model.producedNames &&
    earlier.unknownProducers === model.unknownProducers &&
    earlier.addedDatasets === model.addedDatasets &&
    readsStillValid(model, earlier.reads, earlier.narrowable ? readChanges(earlier.sources, readSourcesOf(model)) : undefined)
  );
}

/** Runs the node checks of `rules` on one node, recording what they read; a rule that throws is logged once per pass. */
function checkNode(model: ProjectModel, node: ResolvedNode, rules: readonly Rule[], failed: Set<string>, log: Logger | undefined): { found: Finding[][] | undefined; reads: Reads | undefined } {
  let found: Finding[][] | undefined;
  const { reads } = recordReads(() => {
    rules.forEach((rule, i) => {
      try {
        rule.perNode?.check(model, node, (loc, message, extra) => {
          found ??= rules.map(() => []);
          found[i]?.push([loc, message, extra]);
        });
      } catch (err) {
        if (err instanceof MemoMismatch) throw err;
        if (!failed.has(rule.code)) log?.error(`rule_failed code=${rule.code}`, err);
        failed.add(rule.code);
      }
    });
  });
  return { found, reads };
}

const findingTexts = (found: readonly (readonly Finding[])[] | undefined, i: number): string[] => (found?.[i] ?? []).map((f) => JSON.stringify(f));

function verifyReused(model: ProjectModel, node: ResolvedNode, rules: readonly Rule[], earlier: NodeFindings, from: ReadSources): void {
  const { found } = checkNode(model, node, rules, new Set(), undefined);
  rules.forEach((rule, i) => {
    const reused = findingTexts(earlier.found, i);
    const fresh = findingTexts(found, i);
    if (reused.length === fresh.length && reused.every((f, j) => f === fresh[j])) return;
    const where = `${node.name} (${node.callLoc.uri}:${node.callLoc.span.start.line + 1})`;
    throw new ReuseMismatch(rule.code, where, describeChanges(from, readSourcesOf(model)), reused, fresh);
  });
}

/** Which nodes a round of node checks takes (the early round: those of the open documents) and records as done. */
interface Round {
  readonly select?: (node: ResolvedNode) => boolean;
  /** Nodes an earlier round of this pass checked: their findings are in the cache, valid by construction. */
  readonly taken?: ReadonlySet<ResolvedNode>;
  readonly done?: Set<ResolvedNode>;
}

/** Written in one of `uris`, or running a function defined there. */
const touches = (node: ResolvedNode, uris: ReadonlySet<string>): boolean => uris.has(node.callLoc.uri) || (!!node.func?.target && uris.has(node.func.target.module.uri));

/**
 * The node checks of every node, reusing an unchanged node's findings from an earlier pass: one validity check per
 * node, not per node and rule, since that loop runs over every node of the project on every keystroke.
 */
function* runNodeChecks(model: ProjectModel, rules: readonly Rule[], reporter: (rule: Rule) => Report, options: RunRulesOptions, round: Round = {}): Generator<void, void> {
  const { log, stats, verifyReuse, stillValid: valid = stillValid, findings: nodeFindings = new WeakMap() } = options;
  const { select, taken, done } = round;
  const codes = rules.map((r) => r.code).join(',');
  const envChain = model.envChain.join('+');
  const sources = readSourcesOf(model);
  // One call site can make several nodes (a helper, a comprehension): its finding is reported once.
  const emitters = rules.map((r) => reportOnce(reporter(r)));
  const failed = new Set<string>();
  let i = 0;
  for (const node of model.nodes) {
    if (select && !select(node)) continue;
    if (++i % NODES_PER_STEP === 0) yield;
    let hit = nodeFindings.get(node);
    if (hit && taken?.has(node)) {
      // Checked (or validated) by the early round of this pass.
    } else if (hit && hit.rules === codes && valid(model, hit)) {
      if (verifyReuse) verifyReused(model, node, rules, hit, hit.sources);
      hit.sources = sources;
      if (stats) stats.reused++;
    } else {
      const { found, reads } = checkNode(model, node, rules, failed, log);
      hit = { rules: codes, envChain, versions: model.versions.text, configLoaders: model.configLoaders.join('+'), sources, producedNames: model.producedNames, unknownProducers: model.unknownProducers, addedDatasets: model.addedDatasets, reads, narrowable: onlyReaders(KNOWN_READERS, reads), found };
      nodeFindings.set(node, hit);
      if (stats) stats.checked++;
    }
    done?.add(node);
    if (hit?.found) hit.found.forEach((list, i) => list.forEach(([loc, message, extra]) => (emitters[i] as Report)(loc, message, extra)));
  }
}
