import { describe, expect, test } from 'vitest';
import { projectJson } from '../../../server/src/features/pipelineModel';
import { analyzeMemoryProject } from '../../helpers/analyze';

// The client leaves `--env` out only for the env plain `kedro run` uses: the server says which, when settings.py does.
async function defaultRunEnv(settings: string | undefined, requirements = 'kedro==1.0.0\n'): Promise<string | undefined> {
  const { result } = await analyzeMemoryProject({ 'requirements.txt': requirements, ...(settings !== undefined ? { 'src/demo/settings.py': settings } : {}) });
  const model = result.projects[0]!.model;
  const json = projectJson(model);
  return 'defaultRunEnv' in json ? json.defaultRunEnv : 'absent';
}

describe("the project's default run env in the model", () => {
  test("Kedro's default, a literal default_run_env, none (0.19+ dict without the key), and not known", async () => {
    expect(await defaultRunEnv(undefined)).toBe('local');
    expect(await defaultRunEnv('CONFIG_LOADER_ARGS = {"base_env": "base", "default_run_env": "base"}\n')).toBe('base');
    expect(await defaultRunEnv('ENV = "prod"\nCONFIG_LOADER_ARGS = {"base_env": "base", "default_run_env": ENV}\n')).toBe('prod');
    expect(await defaultRunEnv('CONFIG_LOADER_ARGS = {"base_env": "base"}\n')).toBe('');
    expect(await defaultRunEnv('import os\nCONFIG_LOADER_ARGS = {"base_env": "base", "default_run_env": os.environ["RUN_ENV"]}\n')).toBe('absent');
    expect(await defaultRunEnv('from demo.conf import ARGS\nCONFIG_LOADER_ARGS = ARGS\n')).toBe('absent');
  });
});
