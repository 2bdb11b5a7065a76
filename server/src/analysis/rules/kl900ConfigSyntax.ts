import type { Rule } from '../rule';

/** A YAML/JSON config file Kedro would load does not parse: every `kedro run` fails at startup. */
export const configSyntax: Rule = {
  code: 'KL900',
  name: 'config-syntax-error',
  defaultSeverity: 'error',
  summary: 'A YAML or JSON configuration file that Kedro loads does not parse, or is not a mapping.',
  docs: {
    why: `\`OmegaConfigLoader\` reads every catalog, parameters, credentials and globals file of \`conf/base\` and the run
environment when a session starts; one unparsable file stops every \`kedro run\` ("Invalid YAML or JSON file <path>,
unable to read line L, position C"). A top-level value that is not a mapping is reported too (a key repeated inside one
file is KL902). The file is judged as PyYAML reads it (docs/yaml-differences.md): what it accepts is accepted, what it
refuses (a tab between tokens, an undefined alias) is reported with its message. Errors in adjacent top-level entries
are reported once, as the parser's follow-ups of one broken construct; PyYAML stops at the first. Files of other
environments are checked when that environment is selected.`,
    bad: { lang: 'yaml', file: 'conf/base/catalog.yml', code: 'companies:\n  type: pandas.CSVDataset\n  filepath: [data/01_raw/companies.csv' },
    good: { lang: 'yaml', file: 'conf/base/catalog.yml', code: 'companies:\n  type: pandas.CSVDataset\n  filepath: data/01_raw/companies.csv' },
  },
  check(model, report) {
    for (const f of model.confFiles) {
      if (!model.envChain.includes(f.ref.env)) continue;
      for (const p of f.problems) report({ uri: f.uri, span: p.span }, p.message, { severity: p.severity });
    }
  },
};
