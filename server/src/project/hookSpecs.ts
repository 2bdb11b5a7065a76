/** Kedro 1.x hook specifications: name → argument names (implementations may take any subset). */
export const HOOK_SPECS: Readonly<Record<string, readonly string[]>> = {
  after_context_created: ['context'],
  after_catalog_created: ['catalog', 'conf_catalog', 'conf_creds', 'parameters', 'save_version', 'load_versions'],
  before_pipeline_run: ['run_params', 'pipeline', 'catalog'],
  after_pipeline_run: ['run_params', 'run_result', 'pipeline', 'catalog'],
  on_pipeline_error: ['error', 'run_params', 'pipeline', 'catalog'],
  before_node_run: ['node', 'catalog', 'inputs', 'is_async', 'run_id'],
  after_node_run: ['node', 'catalog', 'inputs', 'outputs', 'is_async', 'run_id'],
  on_node_error: ['error', 'node', 'catalog', 'inputs', 'is_async', 'run_id'],
  before_dataset_loaded: ['dataset_name', 'node'],
  after_dataset_loaded: ['dataset_name', 'data', 'node'],
  before_dataset_saved: ['dataset_name', 'data', 'node'],
  after_dataset_saved: ['dataset_name', 'data', 'node'],
};

/** CLI hooks live in a separate plugin manager (`kedro.cli_hooks`). */
export const CLI_HOOK_SPECS: Readonly<Record<string, readonly string[]>> = {
  before_command_run: ['project_metadata', 'command_args'],
  after_command_run: ['project_metadata', 'command_args', 'exit_code'],
};
