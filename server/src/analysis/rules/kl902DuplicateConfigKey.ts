import type { Span } from '../../core/types';
import type { Rule } from '../rule';
import { relativeUri } from '../../core/uri';
import { loadedConfFiles } from '../../project/model';
import { possibleConfigLoaders } from '../../project/settings';
import { envText } from '../../../../common/words';

/**
 * The same top-level key in two catalog/credentials files of one environment, or the same parameter path in two
 * parameter files; or a key repeated inside one file, judged by the project's config loader.
 */
export const duplicateConfigKey: Rule = {
  code: 'KL902',
  name: 'duplicate-config-key',
  defaultSeverity: 'error',
  summary: 'The same catalog or credentials key in two files of one environment, the same parameter leaf in two parameters files, or a key repeated inside one file.',
  docs: {
    why: `Inside one environment folder all matching files are merged, and a key defined twice stops every run at
startup: "Duplicate keys found in conf/base/catalog.yml and conf/base/catalog_extra.yml: companies". For parameters the
check is on leaf paths, so two files may add children to the same top-level mapping. Keys starting with \`_\` are
exempt. Overriding a key in another environment (base → local) is fine — except where an environment is empty (a
\`CONFIG_LOADER_ARGS\` without \`default_run_env\`, see KL903): that pass is the conf folder itself, its patterns reach
into every environment folder, and a key in two of them stops the run the same way.

A key repeated inside one YAML mapping depends on the config loader: OmegaConfigLoader (the default from Kedro 0.19,
or \`CONFIG_LOADER_CLASS\` in \`settings.py\`) stops with "found duplicate key"; the 0.18 ConfigLoader and
TemplatedConfigLoader read YAML with plain PyYAML, which silently keeps the last value. It is an error when every loader
the project may use rejects it, otherwise a warning.`,
    bad: { lang: 'yaml', file: 'conf/base/catalog_extra.yml', code: 'companies:   # also in conf/base/catalog.yml\n  type: pandas.CSVDataset\n  filepath: data/01_raw/companies_v2.csv' },
    good: { lang: 'yaml', file: 'conf/local/catalog.yml', code: 'companies:   # overrides base in the local environment\n  type: pandas.CSVDataset\n  filepath: data/01_raw/companies_v2.csv' },
  },
  check(model, report) {
    const loaders = possibleConfigLoaders(model.settings, model.versions.kedro);
    const reported = new Set<string>();
    const base = model.settings.baseEnv;
    for (const [i, pass] of model.envPasses.entries()) {
      // A pass over the conf folder itself reads every environment folder together (an empty base_env or run env).
      const whole = pass.env === '';
      if (whole && loaders.includes('custom')) continue;
      // Only OmegaConfigLoader reads base's files again in the run environment's pass (the others skip what they read):
      // a key in base and another folder is a duplicate there only when every possible loader is that one.
      const skipBase = whole && i > 0 && !loaders.every((l) => l === 'OmegaConfigLoader');
      const inPass = new Set(pass.files.filter((f) => !(skipBase && f.ref.env === base)));
      for (const kind of ['catalog', 'credentials', 'parameters'] as const) {
        const first = new Map<string, { uri: string; span: Span }>();
        for (const f of loadedConfFiles(model, kind).filter((x) => inPass.has(x))) {
          const keys =
            kind === 'parameters'
              ? f.params.filter((p) => p.type !== 'dict' && !p.path.startsWith('_')).map((p) => ({ value: p.path, span: p.keySpan }))
              : f.topKeys.filter((k) => !k.value.startsWith('_'));
          for (const k of keys) {
            const prev = first.get(k.value);
            if (!prev) first.set(k.value, { uri: f.uri, span: k.span });
            else if (prev.uri !== f.uri && !reported.has(`${f.uri}|${k.value}`)) {
              reported.add(`${f.uri}|${k.value}`);
              const where = !whole
                ? `another ${kind} file of ${envText(f.ref.env)}`
                : `${kind} file ${relativeUri(model.layout.rootUri, prev.uri) ?? prev.uri} (with ${i > 0 ? 'an empty run environment' : 'an empty base_env'} Kedro reads the ${kind} files of every environment folder together)`;
              report({ uri: f.uri, span: k.span }, `'${k.value}' is already defined in ${where}; Kedro stops with "Duplicate keys found".`, {
                related: [{ loc: { uri: prev.uri, span: prev.span }, message: 'first definition' }],
              });
            }
          }
        }
      }
    }
    const omegaOnly = loaders.every((l) => l === 'OmegaConfigLoader');
    const lastWins = loaders.filter((l) => l !== 'OmegaConfigLoader');
    for (const f of loadedConfFiles(model)) {
      for (const d of f.duplicateKeys) {
        const related = [{ loc: { uri: f.uri, span: d.first }, message: 'first definition' }];
        // OmegaConf's loader only checks str keys (`1:` twice passes, and the dict keeps the last).
        if (omegaOnly && d.strKey) {
          report({ uri: f.uri, span: d.span }, `Key '${d.path}' is repeated in this mapping; OmegaConfigLoader stops with "found duplicate key ${d.path.split('.').pop() ?? d.path}".`, { related });
        } else {
          const who = !d.strKey ? 'every config loader keeps' : lastWins.includes('custom') ? 'the custom CONFIG_LOADER_CLASS may keep' : `${lastWins.join(' and ')} ${lastWins.length > 1 ? 'keep' : 'keeps'}`;
          const also = d.strKey && loaders.includes('OmegaConfigLoader') ? ' (OmegaConfigLoader would stop with "found duplicate key")' : '';
          report({ uri: f.uri, span: d.span }, `Key '${d.path}' is repeated in this mapping; ${who} the last value${also}.`, { related, severity: 'warning' });
        }
      }
    }
  },
};
