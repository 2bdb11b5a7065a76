import type { Rule } from '../rule';

/** `CONFIG_LOADER_ARGS` set without `base_env`/`default_run_env`: Kedro then loads the conf root as base and no run env. */
export const configLoaderArgs: Rule = {
  code: 'KL903',
  name: 'config-loader-args-env',
  defaultSeverity: 'warning',
  summary: "settings.py sets CONFIG_LOADER_ARGS without 'base_env' and 'default_run_env'.",
  docs: {
    why: `A literal \`CONFIG_LOADER_ARGS\` replaces Kedro's defaults wholesale, so a missing \`base_env\`/\`default_run_env\`
becomes an empty string, and an empty environment is the \`conf/\` folder itself. Its patterns (\`**/catalog*\`,
\`**/parameters*\`) reach into every environment folder, so \`conf/base\`, \`conf/local\` and any other environment are read
together in one pass: a key defined in two of them (base and its local override, say) stops every run with "Duplicate
keys found" (reported as KL902), and nothing is overlaid as a run environment. The 0.19 migration guide asks to add
both keys. Before 0.19 the loaders default to \`base\`/\`local\` themselves, so the rule applies only to projects that
use Kedro 0.19 or later in every release of their range.`,
    bad: { lang: 'python', file: 'settings.py', code: 'CONFIG_LOADER_ARGS = {"merge_strategy": {"parameters": "soft"}}' },
    good: { lang: 'python', file: 'settings.py', code: 'CONFIG_LOADER_ARGS = {\n    "base_env": "base",\n    "default_run_env": "local",\n    "merge_strategy": {"parameters": "soft"},\n}' },
  },
  check(model, report) {
    const loc = model.settings.loaderArgsLackEnvKeys;
    if (!loc) return;
    const missing = model.settings.loaderArgsMissing ?? ['base_env', 'default_run_env'];
    const which = missing.length > 1 ? 'both the base and the run environment are' : missing[0] === 'base_env' ? 'the base environment is' : 'the run environment is';
    report(
      loc,
      `CONFIG_LOADER_ARGS lacks ${missing.map((k) => `'${k}'`).join(' and ')}; Kedro then uses '' for ${missing.length > 1 ? 'them' : 'it'}: ${which} the conf folder itself, which reads the files of every environment folder together (a key in two of them stops the run with "Duplicate keys found").`,
    );
  },
};
