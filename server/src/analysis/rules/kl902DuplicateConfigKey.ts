import type { Span } from '../../core/types';
import type { Rule } from '../rule';
import { loadedConfFiles } from '../../project/model';
import { possibleConfigLoaders } from '../../project/settings';

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
exempt. Overriding a key in another environment (base → local) is fine.

A key repeated inside one YAML mapping depends on the config loader: OmegaConfigLoader (the default from Kedro 0.19,
or \`CONFIG_LOADER_CLASS\` in \`settings.py\`) stops with "found duplicate key"; the 0.18 ConfigLoader and
TemplatedConfigLoader read YAML with plain PyYAML, which silently keeps the last value. It is an error when every loader
the project may use rejects it, otherwise a warning.`,
    bad: { lang: 'yaml', file: 'conf/base/catalog_extra.yml', code: 'companies:   # also in conf/base/catalog.yml\n  type: pandas.CSVDataset\n  filepath: data/01_raw/companies_v2.csv' },
    good: { lang: 'yaml', file: 'conf/local/catalog.yml', code: 'companies:   # overrides base in the local environment\n  type: pandas.CSVDataset\n  filepath: data/01_raw/companies_v2.csv' },
  },
  check(model, report) {
    for (const env of model.envChain) {
      for (const kind of ['catalog', 'credentials', 'parameters'] as const) {
        const first = new Map<string, { uri: string; span: Span }>();
        for (const f of loadedConfFiles(model, kind).filter((x) => x.ref.env === env)) {
          const keys =
            kind === 'parameters'
              ? f.params.filter((p) => p.type !== 'dict' && !p.path.startsWith('_')).map((p) => ({ value: p.path, span: p.keySpan }))
              : f.topKeys.filter((k) => !k.value.startsWith('_'));
          for (const k of keys) {
            const prev = first.get(k.value);
            if (!prev) first.set(k.value, { uri: f.uri, span: k.span });
            else if (prev.uri !== f.uri) {
              report({ uri: f.uri, span: k.span }, `'${k.value}' is already defined in another ${kind} file of environment '${env}'; Kedro stops with "Duplicate keys found".`, {
                related: [{ loc: prev, message: 'first definition' }],
              });
            }
          }
        }
      }
    }
    const loaders = possibleConfigLoaders(model.settings, model.versions.kedro);
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
