import type { Span } from '../../core/types';
import type { Rule } from '../rule';
import { loadedConfFiles } from '../../project/model';

/** The same top-level key in two catalog/credentials files of one environment, or the same parameter path in two parameter files. */
export const duplicateConfigKey: Rule = {
  code: 'KL902',
  name: 'duplicate-config-key',
  defaultSeverity: 'error',
  summary: 'The same catalog or credentials key in two files of one environment, or the same parameter leaf in two parameters files.',
  docs: {
    why: `Inside one environment folder all matching files are merged, and a key defined twice stops every run at
startup: "Duplicate keys found in conf/base/catalog.yml and conf/base/catalog_extra.yml: companies". For parameters the
check is on leaf paths, so two files may add children to the same top-level mapping. Keys starting with \`_\` are
exempt. Overriding a key in another environment (base → local) is fine.`,
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
  },
};
