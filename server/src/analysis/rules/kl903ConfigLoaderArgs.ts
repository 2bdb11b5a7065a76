import type { Rule } from '../rule';

/** `CONFIG_LOADER_ARGS` set without `base_env`/`default_run_env`: Kedro then loads the conf root as base and no run env. */
export const configLoaderArgs: Rule = {
  code: 'KL903',
  name: 'config-loader-args-env',
  defaultSeverity: 'warning',
  summary: "settings.py sets CONFIG_LOADER_ARGS without 'base_env' and 'default_run_env'.",
  docs: {
    why: `A literal \`CONFIG_LOADER_ARGS\` replaces Kedro's defaults wholesale, so a missing \`base_env\`/\`default_run_env\`
becomes an empty string: the whole \`conf/\` folder is loaded as "base" and \`conf/local\` is not overlaid, which usually
ends in "Duplicate keys found" between \`conf/base/catalog.yml\` and \`conf/local/catalog.yml\`. The 0.19 migration guide asks
to add both keys. Before 0.19 the loaders default to \`base\`/\`local\` themselves, so the rule applies only to projects
that use Kedro 0.19 or later in every release of their range.`,
    bad: { lang: 'python', file: 'settings.py', code: 'CONFIG_LOADER_ARGS = {"merge_strategy": {"parameters": "soft"}}' },
    good: { lang: 'python', file: 'settings.py', code: 'CONFIG_LOADER_ARGS = {\n    "base_env": "base",\n    "default_run_env": "local",\n    "merge_strategy": {"parameters": "soft"},\n}' },
  },
  check(model, report) {
    const loc = model.settings.loaderArgsLackEnvKeys;
    if (!loc) return;
    const missing = model.settings.loaderArgsMissing ?? ['base_env', 'default_run_env'];
    const effects = missing.map((k) => (k === 'base_env' ? "the whole conf folder is loaded as the base environment" : 'no run environment is overlaid on base (not even conf/local)'));
    report(loc, `CONFIG_LOADER_ARGS lacks ${missing.map((k) => `'${k}'`).join(' and ')}; Kedro then uses '' for ${missing.length > 1 ? 'them' : 'it'}: ${effects.join(', and ')}.`);
  },
};
