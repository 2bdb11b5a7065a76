import { alwaysAtLeast, overlapsRange, parseVersion, type VersionRange } from './versions';

/** An argument or hook that exists in releases `[from, until)` (open when absent). */
export interface Since {
  readonly from?: string;
  readonly until?: string;
}
export interface HookArg extends Since {
  readonly name: string;
}
export interface HookSpec extends Since {
  readonly args: readonly HookArg[];
}

const a = (name: string, from?: string, until?: string): HookArg => ({ name, ...(from ? { from } : {}), ...(until ? { until } : {}) });
const DATASET_NODE = a('node', '0.18.5');

/**
 * Kedro hook specifications from 0.18.0 (docs/kedro-versions.md, Hooks): name → arguments (implementations may take any
 * subset). 0.17 is not modelled beyond its registration hooks, which 0.18.0 removed.
 */
export const HOOK_SPECS: Readonly<Record<string, HookSpec>> = {
  after_context_created: { from: '0.18.1', args: [a('context')] },
  after_catalog_created: { args: [a('catalog'), a('conf_catalog'), a('conf_creds'), a('feed_dict', undefined, '1.0'), a('parameters', '1.0'), a('save_version'), a('load_versions')] },
  before_pipeline_run: { args: [a('run_params'), a('pipeline'), a('catalog')] },
  after_pipeline_run: { args: [a('run_params'), a('run_result'), a('pipeline'), a('catalog')] },
  on_pipeline_error: { args: [a('error'), a('run_params'), a('pipeline'), a('catalog')] },
  before_node_run: { args: [a('node'), a('catalog'), a('inputs'), a('is_async'), a('session_id', undefined, '1.0'), a('run_id', '1.0')] },
  after_node_run: { args: [a('node'), a('catalog'), a('inputs'), a('outputs'), a('is_async'), a('session_id', undefined, '1.0'), a('run_id', '1.0')] },
  on_node_error: { args: [a('error'), a('node'), a('catalog'), a('inputs'), a('is_async'), a('session_id', undefined, '1.0'), a('run_id', '1.0')] },
  before_dataset_loaded: { args: [a('dataset_name'), DATASET_NODE] },
  after_dataset_loaded: { args: [a('dataset_name'), a('data'), DATASET_NODE] },
  before_dataset_saved: { args: [a('dataset_name'), a('data'), DATASET_NODE] },
  after_dataset_saved: { args: [a('dataset_name'), a('data'), DATASET_NODE] },
  // 0.17 registration hooks (replaced by settings.py and pipeline_registry.py in 0.18.0).
  register_pipelines: { until: '0.18', args: [] },
  register_config_loader: { until: '0.18', args: [a('conf_paths'), a('env'), a('extra_params')] },
  register_catalog: { until: '0.18', args: [a('catalog'), a('credentials'), a('load_versions'), a('save_version'), a('journal')] },
};

/** CLI hooks live in a separate plugin manager (`kedro.cli_hooks`). */
export const CLI_HOOK_SPECS: Readonly<Record<string, HookSpec>> = {
  before_command_run: { args: [a('project_metadata'), a('command_args')] },
  after_command_run: { from: '0.18.1', args: [a('project_metadata'), a('command_args'), a('exit_code')] },
};

const span = (s: Since): VersionRange => {
  const min = s.from ? parseVersion(s.from) : undefined;
  const max = s.until ? parseVersion(s.until) : undefined;
  return { ...(min ? { min } : {}), ...(max ? { max } : {}) };
};

/** Some release of `range` has it. */
export const existsIn = (s: Since, range: VersionRange): boolean => overlapsRange(span(s), range);

/** Specs are modelled from 0.18.0: a range reaching below it is judged only on what no release has. */
export const specsModelled = (range: VersionRange): boolean => alwaysAtLeast(range, '0.18');
