import type { Rule } from '../rule';

/**
 * `CONFIG_LOADER_ARGS` set without `base_env`/`default_run_env` (Kedro ≥ 0.19), or with one of them `''`: Kedro then
 * reads the conf folder itself where an environment folder was meant.
 */
export const configLoaderArgs: Rule = {
  code: 'KL903',
  name: 'config-loader-args-env',
  defaultSeverity: 'warning',
  summary: "settings.py sets CONFIG_LOADER_ARGS without 'base_env' or 'default_run_env', or sets one of them to ''.",
  docs: {
    why: `A literal \`CONFIG_LOADER_ARGS\` replaces Kedro's defaults wholesale, so a missing \`base_env\`/\`default_run_env\`
becomes an empty string, and an empty environment is the \`conf/\` folder itself. Its patterns (\`**/catalog*\`,
\`**/parameters*\`) reach into every environment folder, so \`conf/base\`, \`conf/local\` and any other environment are read
together in one pass: a key defined in two of them (base and its local override, say) stops every run with "Duplicate
keys found" (reported as KL902), and nothing is overlaid as a run environment. The 0.19 migration guide asks to add
both keys. Before 0.19 the loaders default to \`base\`/\`local\` themselves, so the rule applies only to projects that
use Kedro 0.19 or later in every release of their range. A key written as \`''\` has the same effect (then in any
release); to run base alone, set \`default_run_env\` to the base environment's name.`,
    bad: { lang: 'python', file: 'settings.py', code: 'CONFIG_LOADER_ARGS = {"merge_strategy": {"parameters": "soft"}}' },
    good: { lang: 'python', file: 'settings.py', code: 'CONFIG_LOADER_ARGS = {\n    "base_env": "base",\n    "default_run_env": "local",\n    "merge_strategy": {"parameters": "soft"},\n}' },
  },
  check(model, report) {
    const loc = model.settings.loaderArgsLackEnvKeys;
    if (!loc) return;
    const missing = model.settings.loaderArgsMissing ?? (model.settings.loaderArgsEmpty ? [] : ['base_env', 'default_run_env']);
    const empty = model.settings.loaderArgsEmpty ?? [];
    const isEmpty = (k: 'base_env' | 'default_run_env'): boolean => missing.includes(k) || empty.includes(k);
    const which = isEmpty('base_env') && isEmpty('default_run_env') ? 'both the base and the run environment are' : isEmpty('base_env') ? 'the base environment is' : 'the run environment is';
    const quote = (keys: readonly string[]): string => keys.map((k) => `'${k}'`).join(' and ');
    const head = [missing.length ? `lacks ${quote(missing)}` : '', empty.length ? `sets ${quote(empty)} to ''` : ''].filter(Boolean).join(' and ');
    const uses = missing.length ? `; Kedro then uses '' for ${missing.length > 1 ? 'them' : 'it'}` : '';
    report(loc, `CONFIG_LOADER_ARGS ${head}${uses}: ${which} the conf folder itself, which reads the files of every environment folder together (a key in two of them stops the run with "Duplicate keys found").`);
  },
};
