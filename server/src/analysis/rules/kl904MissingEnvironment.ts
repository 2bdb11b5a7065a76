import type { Rule } from '../rule';
import { ZERO_SPAN } from '../../core/types';

/** The base or the selected run environment folder does not exist under the conf source. */
export const missingEnvironment: Rule = {
  code: 'KL904',
  name: 'environment-folder-missing',
  defaultSeverity: 'error',
  summary: "The 'base' folder or the selected run environment's folder is missing from conf/.",
  docs: {
    why: `Kedro loads \`conf/<base_env>\` and \`conf/<run env>\` (default \`local\`) for every run and stops with
"Given configuration path either does not exist or is not a valid directory" when either is missing. The template keeps
\`conf/local/.gitkeep\` for this reason: deleting \`conf/local\` breaks a plain \`kedro run\`.`,
    bad: { lang: 'toml', file: 'conf/', code: '# conf/base exists, conf/local was deleted' },
    good: { lang: 'toml', file: 'conf/', code: '# conf/local/.gitkeep restored' },
  },
  check(model, report) {
    const py = model.layout.pyproject;
    const at = py.problems.length ? undefined : { uri: py.uri, span: ZERO_SPAN };
    // A CONF_SOURCE outside the root is not read (KL907): its folders are unknown, not missing.
    if (!at || model.conf.outside?.some((o) => o.what === 'CONF_SOURCE')) return;
    for (const env of model.envChain) {
      if (!env || model.conf.envs.includes(env)) continue;
      report(at, `Environment folder '${model.settings.confSource}/${env}' does not exist; \`kedro run${env === model.settings.defaultRunEnv || env === model.settings.baseEnv ? '' : ` --env=${env}`}\` fails.`, {
        data: { env },
      });
    }
  },
};
