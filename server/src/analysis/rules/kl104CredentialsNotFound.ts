import type { Rule } from '../rule';
import type { Loc } from '../../core/types';
import { loadedCatalogEntries } from '../catalog';
import { loadedConfFiles } from '../../project/model';
import { envChainText } from '../../../../common/words';
import { relativeUri } from '../../core/uri';

/** A `credentials: <name>` reference that no credentials file of the selected environments defines. */
export const credentialsNotFound: Rule = {
  code: 'KL104',
  name: 'credentials-not-found',
  defaultSeverity: 'error',
  summary: "A catalog 'credentials' reference that no credentials file of the selected environment defines.",
  docs: {
    why: `A string \`credentials:\` value (at any depth) is looked up in the merged \`credentials*\` files of \`base\` and the
run environment when the catalog is created: "Unable to find credentials 'warehouse': check your data catalog and
credentials configuration". Credentials usually live in the git-ignored \`conf/local\`, so with no credentials file at
all nothing can be checked: one information per credential name, not an error per entry. Where the credentials file
holds the key as a comment (\`#openai:\`, as Kedro's starters ship \`conf/local/credentials.yml\`), the finding says so
and links to it. Values are never read or shown — only the keys.`,
    bad: { lang: 'yaml', file: 'conf/base/catalog.yml', code: 'sales:\n  type: pandas.SQLTableDataset\n  table_name: sales\n  credentials: warehous' },
    good: { lang: 'yaml', file: 'conf/base/catalog.yml', code: 'sales:\n  type: pandas.SQLTableDataset\n  table_name: sales\n  credentials: warehouse   # a key of conf/local/credentials.yml' },
  },
  check(model, report) {
    const credFiles = loadedConfFiles(model, 'credentials');
    const keys = new Set(credFiles.flatMap((f) => f.topKeys.map((k) => k.value)));
    // A starter's credentials template with the key written as a comment (`#openai:`): the fix is to uncomment it.
    const commented = (name: string): Loc | undefined => {
      for (const f of credFiles) {
        const k = f.commentedKeys?.find((c) => c.value === name);
        if (k) return { uri: f.uri, span: k.span };
      }
      return undefined;
    };
    // No credentials file (git-ignored): the references cannot be judged, only listed once per name.
    const unchecked = new Map<string, Loc[]>();
    for (const e of loadedCatalogEntries(model)) {
      for (const ref of e.fact.credentials) {
        if (keys.has(ref.value) || ref.value.includes('${')) continue;
        const loc = { uri: e.uri, span: ref.span };
        if (!credFiles.length) {
          const list = unchecked.get(ref.value);
          if (list) list.push(loc);
          else unchecked.set(ref.value, [loc]);
          continue;
        }
        const template = commented(ref.value);
        const where = template ? `; ${relativeUri(model.layout.rootUri, template.uri) ?? 'a credentials file'} has them commented out: uncomment them and fill in the values` : '';
        report(loc, `Credentials '${ref.value}' are not defined in the credentials of ${envChainText(model.envChain)}${where}.`, {
          data: { name: ref.value },
          ...(template ? { related: [{ loc: template, message: `'${ref.value}' commented out` }] } : {}),
        });
      }
    }
    for (const [name, [first, ...others]] of unchecked) {
      if (!first) continue;
      const more = others.length ? ` (${others.length + 1} entries use them)` : '';
      report(first, `Credentials '${name}'${more} cannot be checked: no credentials file in ${envChainText(model.envChain)} (usually git-ignored conf/local/credentials.yml).`, {
        severity: 'information',
        data: { name },
        related: others.map((loc) => ({ loc, message: `also uses credentials '${name}'` })),
      });
    }
  },
};
