import type { Rule } from '../rule';

/** A YAML/JSON config file Kedro would load does not parse: every `kedro run` fails at startup. */
export const configSyntax: Rule = {
  code: 'KL900',
  name: 'config-syntax-error',
  defaultSeverity: 'error',
  summary: 'A YAML or JSON configuration file that Kedro loads does not parse.',
  check(model, report) {
    for (const f of model.confFiles) {
      if (!model.envChain.includes(f.ref.env)) continue;
      for (const p of f.problems) report({ uri: f.uri, span: p.span }, p.message, { severity: p.severity });
    }
  },
};
