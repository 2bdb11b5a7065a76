// The resolved project model as plain JSON: `kedro-lens pipelines --format json`, the tree view and the graph.
// No imports: the analysis core and the client both use these types.

export interface LocationJson {
  /** file:// URI */
  readonly uri: string;
  /** 0-based, UTF-16 (LSP) */
  readonly range: { readonly start: { readonly line: number; readonly character: number }; readonly end: { readonly line: number; readonly character: number } };
}

export interface NodeJson {
  /**
   * Full name as Kedro computes it (namespace included), what `kedro run --nodes` takes. Nodes whose names are not
   * exactly known and come out the same (names from a value computed at run time) are each listed, as
   * `<name> (name not exactly known, 2 of 10)`.
   */
  readonly name: string;
  /** True when the name could not be computed exactly (e.g. an unnamed node calling an external function). */
  readonly nameUncertain: boolean;
  readonly func: string;
  readonly namespace?: string;
  readonly tags: readonly string[];
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly location: LocationJson;
  readonly funcLocation?: LocationJson;
  /** Added only under a condition not known statically (`if params["x"]:`): Kedro may leave it out. */
  readonly conditional?: true;
}

export interface PipelineJson {
  readonly name: string;
  /** Some parts could not be evaluated statically: the node list may be incomplete. */
  readonly partial: boolean;
  readonly nodes: readonly string[];
  readonly location?: LocationJson;
  /** Why `kedro run --pipelines=<name>` fails on the project's Kedro (KL040); absent when it works. */
  readonly notRunnableByName?: string;
}

export interface DatasetJson {
  readonly name: string;
  /** `type:` after `${...}` interpolation (templates, variables, globals), as the hover shows it; `MemoryDataset` when not in the catalog. */
  readonly type: string;
  /** `type:` as written, when interpolation changed it. */
  readonly typeWritten?: string;
  readonly source: 'catalog' | 'factory' | 'memory' | 'parameter';
  readonly pattern?: string;
  /** The filepath after `${...}` interpolation and a factory's placeholders (what the dataset hover shows). */
  readonly filepath?: string;
  /** The filepath as written, when it holds `${...}` interpolations. */
  readonly filepathWritten?: string;
  readonly layer?: string;
  readonly env?: string;
  readonly location?: LocationJson;
  readonly producers: readonly string[];
  readonly consumers: readonly string[];
  /** `versioned: true` in the catalog (runs can be reproduced with --load-versions). */
  readonly versioned?: boolean;
  /** A catalog entry no pipeline reads or writes (KL110): listed in the Datasets view, dimmed. */
  readonly unused?: boolean;
  /** A `params:` input no parameters file of the selected environment defines (KL201). */
  readonly missing?: boolean;
}

/** `kedro >=0.19,<0.20 · kedro-datasets >=2.1,<8` with the sources of each part. */
export interface KedroVersionJson {
  readonly text: string;
  readonly kedro: string;
  readonly kedroSource: string;
  readonly datasets: string;
  readonly datasetsSource: string;
  /** The `kedro run` option forms every release of the project's range accepts. */
  readonly run: RunDialect;
}

/**
 * `kedro run` option spellings (kedro/framework/cli/project.py at each tag): singular flags are repeated, plural ones
 * take a comma list; `undefined` = no release of the range has the option.
 */
export interface RunDialect {
  readonly nodes: 'nodes' | 'node';
  readonly tags: 'tags' | 'tag';
  readonly loadVersions: 'load-versions' | 'load-version';
  /** `pipeline` takes one name (before 1.2.0). */
  readonly pipelines: 'pipelines' | 'pipeline';
  /** `namespace` takes one name (0.18.5–0.19.x). */
  readonly namespaces: 'namespaces' | 'namespace' | undefined;
  /** `key:value` up to 0.18.4, `key=value` from 0.18.5 (only `=` from 0.19.0). */
  readonly params: '=' | ':';
  readonly onlyMissingOutputs: boolean;
}

/** Kedro 1.2+ (and what unknown releases get). */
export const MODERN_RUN: RunDialect = { nodes: 'nodes', tags: 'tags', loadVersions: 'load-versions', pipelines: 'pipelines', namespaces: 'namespaces', params: '=', onlyMissingOutputs: true };

export interface ProjectJson {
  readonly rootUri: string;
  readonly projectName?: string;
  readonly packageName?: string;
  readonly env: string;
  /** The environments merged, base first (`['base']` when the run environment is base or empty). */
  readonly envChain?: readonly string[];
  readonly envs: readonly string[];
  /**
   * The env `kedro run` uses without `--env` (settings' default_run_env; '' = base alone), absent when settings.py does
   * not say it literally. An env the user picked is passed with `--env` unless it is this one.
   */
  readonly defaultRunEnv?: string;
  /** The releases the analysis judged the project by (see docs/kedro-versions.md). */
  readonly kedroVersion: KedroVersionJson;
  readonly pipelines: readonly PipelineJson[];
  readonly nodes: readonly NodeJson[];
  readonly datasets: readonly DatasetJson[];
  /** Every tag and namespace used by a node (for run pickers). */
  readonly tags: readonly string[];
  readonly namespaces: readonly string[];
  /** Custom runner classes of the project (subclasses of Kedro runners), as dotted paths for `--runner`. */
  readonly runners: readonly string[];
  /** Hook classes: registered in settings.py HOOKS, or defined with @hook_impl methods but not registered. */
  readonly hooks: readonly { readonly name: string; readonly registered: boolean; readonly implements: readonly string[]; readonly location?: LocationJson }[];
  /** Scalar and list parameter values of the selected environment (for `--params` prompts). */
  readonly parameters: readonly { readonly path: string; readonly value: string; readonly type: string }[];
}

/** A `kedro run` selection (Kedro's Pipeline.filter arguments), for previews. */
export interface RunFilter {
  /** One registered pipeline (kept for older clients; `pipelines` wins). */
  readonly pipeline?: string;
  /** Registered pipelines whose union is filtered, as `--pipelines=a,b` does; none = `__default__`. */
  readonly pipelines?: readonly string[];
  readonly tags?: readonly string[];
  readonly nodeNames?: readonly string[];
  readonly fromNodes?: readonly string[];
  readonly toNodes?: readonly string[];
  readonly fromInputs?: readonly string[];
  readonly toOutputs?: readonly string[];
  readonly namespaces?: readonly string[];
  /** `--only-missing-outputs`: also say which selected nodes Kedro would skip. */
  readonly onlyMissingOutputs?: boolean;
  /** `--load-versions`: dataset → version; a version not on disk fails the node that loads it. */
  readonly loadVersions?: Readonly<Record<string, string>>;
  /** `--runner=ParallelRunner`: Kedro 1.x then builds a SharedMemoryDataCatalog, whose name its errors print. */
  readonly parallel?: boolean;
}

/** A selection that works where the asked one fails (its memory inputs are written by nodes it leaves out). */
export interface RunFix {
  /** `smallest`: the selection plus the producers of its memory inputs; `upstream`: `--to-nodes` of the selection. */
  readonly kind: 'smallest' | 'upstream';
  readonly filter: RunFilter;
  /** What the fix runs, in order. */
  readonly nodes: readonly string[];
}

/** What `kedro run --only-missing-outputs` would do with the selection, from the outputs found on disk. */
export interface MissingOutputsPreview {
  readonly run: readonly string[];
  readonly skip: readonly string[];
  /** Nodes whose fate depends on outputs that cannot be checked from here (remote or interpolated paths). */
  readonly unknown: readonly string[];
  /** Persistent outputs that could not be checked, with the reason. */
  readonly unchecked: readonly { readonly dataset: string; readonly why: string }[];
}

export interface RunPreviewJson {
  /** Node names in the order a SequentialRunner would run them. */
  readonly nodes: readonly string[];
  /** `--load-versions` entries whose version is not on disk (local versioned datasets): the first node loading one fails. */
  readonly missingVersions?: readonly { readonly dataset: string; readonly version: string; readonly path: string }[];
  /** Kedro's error for this selection, if it would refuse it. */
  readonly error?: string;
  /** The pipeline could not be fully evaluated: the preview may miss nodes. */
  readonly partial: boolean;
  /** Free inputs of the selection the catalog does not define (Kedro refuses the run before its first node). */
  readonly missingInputs?: readonly string[];
  /**
   * Those of `missingInputs` that no node of the project writes (no wider selection helps), each with the environments
   * outside the current one whose catalog defines it. The others are memory datasets only unselected nodes write.
   */
  readonly unwrittenInputs?: readonly { readonly dataset: string; readonly otherEnvs: readonly { readonly env: string; readonly dir: string }[] }[];
  /** The environments whose catalogs the preview read (`base`, `local`), for saying what the current environment is. */
  readonly envChain?: readonly string[];
  /** Selections that run (smallest first); absent when no registered pipeline produces the missing inputs. */
  readonly fixes?: readonly RunFix[];
  /**
   * Inputs the run would fail to load (checked on disk when the preview was asked): local files that only nodes outside
   * the selection write and that are not there. Kedro starts the run and stops at the first node that loads one.
   */
  readonly absentInputs?: readonly string[];
  readonly onlyMissingOutputs?: MissingOutputsPreview;
}
