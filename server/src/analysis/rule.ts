import type { Loc, Related, Severity } from '../core/types';
import type { ProjectModel } from '../project/model';

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
  /** Rendered into docs/diagnostics.md by scripts/gen-diagnostics-doc.mjs (checked by a test). */
  readonly docs: RuleDocs;
  check(model: ProjectModel, report: Report): void;
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
