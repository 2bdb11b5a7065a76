// Every custom LSP message between the Kedro Lens client and server, in one place.
import { NotificationType, RequestType0 } from 'vscode-languageserver-protocol';

export interface ProjectSummary {
  readonly rootUri: string;
  readonly projectName?: string;
  readonly packageName?: string;
  /** The selected run environment (merged over `base`). */
  readonly env: string;
  /** Folders under conf/. */
  readonly envs: readonly string[];
  readonly nodeCount: number;
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
  export const type = new NotificationType<{ readonly projectCount: number; readonly ms: number }>(method);
}
