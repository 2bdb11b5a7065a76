import type { Rule } from '../rule';
import { alwaysBelow, rangeText } from '../../project/versions';

// OmegaConfigLoader's keyword arguments and the release that added each (kedro/config/omegaconf_config.py at the tags).
const OMEGA_ARGS_SINCE: readonly (readonly [string, string])[] = [
  ['custom_resolvers', '0.18.13'],
  ['merge_strategy', '0.19.0'],
];

/** The config loader cannot be built as settings.py asks: every command that loads the project's context fails. */
export const configLoaderSetup: Rule = {
  code: 'KL912',
  name: 'config-loader-setup',
  defaultSeverity: 'error',
  summary: "The config loader cannot be created: a TemplatedConfigLoader 'globals_pattern' that matches no file, or a CONFIG_LOADER_ARGS key the project's OmegaConfigLoader does not take yet.",
  docs: {
    why: `Kedro creates the config loader when it loads the project context (\`kedro run\`, \`kedro ipython\`, a notebook's
session), so a loader that cannot be built stops all of them. TemplatedConfigLoader (Kedro 0.17–0.18) reads its
\`globals_pattern\` from the base and run environment folders at once, and when no file matches it raises
\`MissingConfigException: No files found in [...] matching the glob pattern(s): ['*globals.yml']\` (0.17.7 and 0.18.14
alike); reported when the pattern names YAML or JSON files and settings.py (or the 0.17 \`register_config_loader\`
hook) writes it literally. \`CONFIG_LOADER_ARGS\` is passed to the loader's constructor as keywords: OmegaConfigLoader
takes \`custom_resolvers\` from Kedro 0.18.13 and \`merge_strategy\` from 0.19.0, and an earlier release stops with
\`TypeError: OmegaConfigLoader.__init__() got an unexpected keyword argument\`. That is reported only when every
release the project may use lacks the argument.`,
    bad: { lang: 'python', file: 'settings.py', code: 'from kedro.config import OmegaConfigLoader\n\nCONFIG_LOADER_CLASS = OmegaConfigLoader\nCONFIG_LOADER_ARGS = {"merge_strategy": {"parameters": "soft"}}  # kedro==0.18.14' },
    good: { lang: 'python', file: 'settings.py', code: 'from kedro.config import OmegaConfigLoader\n\nCONFIG_LOADER_CLASS = OmegaConfigLoader\nCONFIG_LOADER_ARGS = {"merge_strategy": {"parameters": "soft"}}  # kedro>=0.19' },
  },
  check(model, report) {
    const s = model.settings;
    const unmatched = model.templating?.unmatchedPattern;
    if (unmatched !== undefined && s.globalsPatternLoc) {
      const dirs = [...new Set(model.envPasses.map((p) => p.env))].map((e) => `'${s.confSource}/${e}'`).join(', ');
      report(s.globalsPatternLoc, `No file in ${dirs} matches TemplatedConfigLoader's globals_pattern '${unmatched}': creating the loader raises MissingConfigException ("No files found in [...] matching the glob pattern(s): ['${unmatched}']").`);
    }
    if (s.configLoader !== 'OmegaConfigLoader') return;
    for (const [arg, since] of OMEGA_ARGS_SINCE) {
      const key = s.loaderArgKeys?.find((k) => k.name === arg);
      if (!key || !alwaysBelow(model.versions.kedro, since)) continue;
      report(key.loc, `OmegaConfigLoader takes '${arg}' from Kedro ${since}, and this project uses ${rangeText(model.versions.kedro)}: creating the loader raises "TypeError: OmegaConfigLoader.__init__() got an unexpected keyword argument '${arg}'".`);
    }
  },
};
