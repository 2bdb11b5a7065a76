// Every custom LSP message between the Kedro Lens client and server, in one place.
import { NotificationType, RequestType, RequestType0 } from 'vscode-languageserver-protocol';
import type { CompactModel } from './modelCodec';
import type { KedroVersionJson, RunFilter, RunPreviewJson } from './pipelineModel';

export interface ProjectSummary {
  readonly rootUri: string;
  readonly projectName?: string;
  readonly packageName?: string;
  /** The selected run environment (merged over `base`). */
  readonly env: string;
  /** The environments whose config is merged, base first ('' = the conf folder itself): what the findings used. */
  readonly envChain: readonly string[];
  /** Folders under conf/. */
  readonly envs: readonly string[];
  /** As ProjectJson.defaultRunEnv: what `kedro run` uses without `--env`, absent when not known. */
  readonly defaultRunEnv?: string;
  readonly nodeCount: number;
  /** Registered pipelines the analysis could evaluate (absent from an older server). */
  readonly pipelineCount?: number;
  /** Some registered pipeline is built at run time (KL909): the counts are what could be analysed. */
  readonly pipelinesPartial?: boolean;
  /** The releases the analysis judged the project by, and where that came from. */
  readonly kedroVersion: KedroVersionJson;
  readonly catalogCount: number;
  readonly parameterCount: number;
  readonly problemCount: { readonly errors: number; readonly warnings: number };
}

export interface ProjectsResult {
  readonly projects: readonly ProjectSummary[];
  /** False until the first analysis has finished. */
  readonly ready: boolean;
}

/** Client → server: the Kedro projects found in the workspace, from the last completed analysis. */
export namespace ProjectsRequest {
  export const method = 'kedro/projects' as const;
  export const type = new RequestType0<ProjectsResult, void>(method);
}

/** Server → client: an analysis pass finished and the model changed; views refetch. */
export namespace ProjectChangedNotification {
  export const method = 'kedro/projectChanged' as const;
  /** `pythonMs`: of `ms`, getting the Python files' facts; `storedPython`: files whose facts came from the facts cache. */
  export const type = new NotificationType<{ readonly projectCount: number; readonly ms: number; readonly pythonMs?: number; readonly storedPython?: number }>(method);
}


/** Client → server: the resolved model of every project (tree view, graph), encoded by common/modelCodec.ts. */
export namespace ProjectModelRequest {
  export const method = 'kedro/projectModel' as const;
  export const type = new RequestType0<CompactModel, void>(method);
}

export interface DatasetsByLayer {
  readonly rootUri: string;
  /** Layer name → dataset names; datasets without a layer under '' ; memory datasets separately. */
  readonly layers: Readonly<Record<string, readonly string[]>>;
  readonly memory: readonly string[];
}

/** Client → server: datasets grouped by data layer (Datasets view). */
export namespace DatasetsByLayerRequest {
  export const method = 'kedro/datasetsByLayer' as const;
  export const type = new RequestType0<{ readonly projects: readonly DatasetsByLayer[] }, void>(method);
}

export interface RunPreviewParams extends RunFilter {
  readonly rootUri: string;
}

/**
 * Client → server: which nodes `kedro run` would run for these filters (Kedro's Pipeline.filter semantics), whether its
 * runner would refuse them (memory inputs written outside the selection) and the selections that work instead, and
 * with `onlyMissingOutputs` which nodes it would skip.
 */
export namespace RunPreviewRequest {
  export const method = 'kedro/runPreview' as const;
  export const type = new RequestType<RunPreviewParams, RunPreviewJson, void>(method);
}

/** Client → server: the resolved catalog/parameters (after env merge and interpolation) as read-only YAML. */
export namespace ResolvedConfigRequest {
  export const method = 'kedro/resolvedConfig' as const;
  export const type = new RequestType<{ readonly rootUri?: string; readonly what: 'catalog' | 'parameters'; readonly dataset?: string }, { readonly text: string } | null, void>(method);
}
