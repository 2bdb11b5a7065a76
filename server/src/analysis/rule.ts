import type { Loc, Related, Severity } from '../core/types';
import type { NodeView, ProjectModel } from '../project/model';
import type { ResolvedNode } from '../project/pipelines/types';

export interface ReportExtra {
  readonly related?: readonly Related[];
  readonly data?: Readonly<Record<string, unknown>>;
  /** Overrides the rule's default severity for this finding. */
  readonly severity?: Severity;
}

export type Report = (loc: Loc, message: string, extra?: ReportExtra) => void;

export interface Rule {
  /** Stable forever: retire, never reuse. */
  readonly code: string;
  readonly name: string;
  readonly defaultSeverity: Severity;
  /** One sentence; the summary in docs/diagnostics.md. */
  readonly summary: string;
  /** Rendered into docs/diagnostics.md by analysis/docs.ts (`npm run docs`; test/unit/analysis/registry.test.ts checks it). */
  readonly docs: RuleDocs;
  check(model: ProjectModel, report: Report): void;
  /** Set for rules whose findings come node by node (see `nodeRule`): the runner then reuses unchanged nodes' findings. */
  readonly perNode?: NodeCheck;
}

export interface NodeCheck {
  /**
   * Reads the project only through the NodeView (project/model.ts), whose every read the runner records or compares:
   * it reuses a node's findings while those reads give the same answers. The node itself is kept by the evaluator
   * only while the modules it was built from are unchanged.
   */
  check(model: NodeView, node: ResolvedNode, report: Report): void;
}

/** A rule checked node by node; identical findings of several nodes (one call site, many nodes) are reported once. */
export function nodeRule(rule: Omit<Rule, 'check' | 'perNode'> & NodeCheck): Rule {
  const { check, ...meta } = rule;
  return {
    ...meta,
    perNode: { check },
    check(model, report) {
      const emit = reportOnce(report);
      for (const node of model.nodes) check(model, node, emit);
    },
  };
}

export interface RuleDocs {
  /** Why it matters: what Kedro does at run time. Markdown. */
  readonly why: string;
  /** A minimal bad example (language-tagged code fence content). */
  readonly bad: DocExample;
  /** The same example, fixed. */
  readonly good: DocExample;
}

export interface DocExample {
  readonly lang: 'python' | 'yaml' | 'toml';
  readonly file: string;
  readonly code: string;
}

/** `report` that drops a finding identical (place and message) to one already reported. */
export function reportOnce(report: Report): Report {
  const seen = new Set<string>();
  return (loc, message, extra) => {
    const key = `${loc.uri}:${loc.span.start.line}:${loc.span.start.character}:${loc.span.end.line}:${loc.span.end.character}|${message}`;
    if (seen.has(key)) return;
    seen.add(key);
    report(loc, message, extra);
  };
}
