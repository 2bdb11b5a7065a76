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
  /** One sentence; also the summary line of docs/rules/<code>.md. */
  readonly summary: string;
  check(model: ProjectModel, report: Report): void;
}
