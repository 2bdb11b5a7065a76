import type { Rule } from '../rule';
import { loadedCatalogEntries } from '../catalog';
import { loadedConfFiles } from '../../project/model';

/** A `credentials: <name>` reference that no credentials file of the selected environments defines. */
export const credentialsNotFound: Rule = {
  code: 'KL104',
  name: 'credentials-not-found',
  defaultSeverity: 'error',
  summary: "A catalog 'credentials' reference that no credentials file of the selected environment defines.",
  docs: {
    why: `A string \`credentials:\` value (at any depth) is looked up in the merged \`credentials*\` files of \`base\` and the
run environment when the catalog is created: "Unable to find credentials 'warehouse': check your data catalog and
credentials configuration". Credentials usually live in the git-ignored \`conf/local\`, so on a fresh clone with no
credentials file at all this is a warning. Values are never read or shown — only the keys.`,
    bad: { lang: 'yaml', file: 'conf/base/catalog.yml', code: 'sales:\n  type: pandas.SQLTableDataset\n  table_name: sales\n  credentials: warehous' },
    good: { lang: 'yaml', file: 'conf/base/catalog.yml', code: 'sales:\n  type: pandas.SQLTableDataset\n  table_name: sales\n  credentials: warehouse   # a key of conf/local/credentials.yml' },
  },
  check(model, report) {
    const credFiles = loadedConfFiles(model, 'credentials');
    const keys = new Set(credFiles.flatMap((f) => f.topKeys.map((k) => k.value)));
    for (const e of loadedCatalogEntries(model)) {
      for (const ref of e.fact.credentials) {
        if (keys.has(ref.value) || ref.value.includes('${')) continue;
        report(
          { uri: e.uri, span: ref.span },
          credFiles.length
            ? `Credentials '${ref.value}' are not defined in the credentials of environment '${model.envChain.join(' + ')}'.`
            : `Credentials '${ref.value}' cannot be checked: no credentials file in environment '${model.envChain.join(' + ')}' (usually git-ignored conf/local/credentials.yml).`,
          { severity: credFiles.length ? 'error' : 'warning', data: { name: ref.value } },
        );
      }
    }
  },
};
