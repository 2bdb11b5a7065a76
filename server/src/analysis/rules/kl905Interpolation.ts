import type { Rule } from '../rule';
import { globalsValues, loadedConfFiles } from '../../project/model';
import { pluginResolvers } from '../../project/pluginResolvers';

const BUILTIN = new Set(['globals', 'runtime_params']);

/** `${...}` that Kedro's OmegaConfigLoader cannot resolve: oc.env outside credentials, unknown resolvers, missing globals. */
export const interpolation: Rule = {
  code: 'KL905',
  name: 'config-interpolation',
  defaultSeverity: 'error',
  summary: "A '${...}' in configuration that OmegaConfigLoader cannot resolve (oc.env outside credentials, unknown resolver, missing globals key).",
  docs: {
    why: `Kedro resolves interpolations when it loads configuration. \`\${oc.env:VAR}\` is allowed only in credentials unless
the project registers \`oc.env\` in \`CONFIG_LOADER_ARGS["custom_resolvers"]\`; other resolver names must be registered
there too, unless the project's own code registers them (\`OmegaConf.register_new_resolver("name", ...)\` in settings.py, a
hook or a pipeline module: Kedro imports those before it loads the configuration) or an installed plugin registers them from its hooks (kedro-pandera's \`pa.python\`, \`pa.yaml\`, \`pa.dict\`,
when a dependency file names it and \`DISABLE_HOOKS_FOR_PLUGINS\` does not); \`\${globals:key}\` needs the key in \`globals.yml\` unless a default is given. All fail at startup with
"UnsupportedInterpolationType" or "Globals key 'key' not found". \`\${runtime_params:key}\` without a default is only an
information: it is legal when the run passes \`--params key=...\`.`,
    bad: { lang: 'yaml', file: 'conf/base/catalog.yml', code: 'companies:\n  type: pandas.CSVDataset\n  filepath: ${oc.env:DATA_DIR}/companies.csv' },
    good: { lang: 'yaml', file: 'conf/base/catalog.yml', code: 'companies:\n  type: pandas.CSVDataset\n  filepath: ${globals:data_dir}/companies.csv   # data_dir in conf/base/globals.yml' },
  },
  check(model, report) {
    const custom = model.settings.customResolvers;
    const fromPlugins = pluginResolvers(model.versions.resolverPlugins ?? [], model.settings.disableHooksForPlugins);
    const fromCode = new Set([...model.python.modules].flatMap((m) => m.facts.registersResolvers ?? []));
    // A resolver registered under a computed name could be any: only the registered-nowhere check needs the names.
    const known = (r: string): boolean => fromCode.has('*') || fromCode.has(r) || fromPlugins.has(r) || custom === undefined || custom.includes(r);
    const globals = globalsValues(model);
    for (const f of loadedConfFiles(model)) {
      for (const i of f.interpolations) {
        const m = /^([\w.]+):(.*)$/s.exec(i.expr);
        if (!m) continue; // `${a.b}` references: resolved per env by OmegaConf, not checked here
        const resolver = m[1] as string;
        const args = (m[2] as string).split(',').map((a) => a.trim());
        const loc = { uri: f.uri, span: i.span };
        if (resolver === 'oc.env') {
          if (f.kind !== 'credentials' && custom && !custom.includes('oc.env')) {
            report(loc, "'oc.env' is only available in credentials files unless settings.py registers it in CONFIG_LOADER_ARGS[\"custom_resolvers\"].");
          }
        } else if (resolver === 'globals') {
          if (f.kind === 'globals' || args.length > 1 || globals.has(args[0] as string)) continue;
          report(loc, `Globals key '${args[0]}' is not defined in globals.yml and has no default.`);
        } else if (resolver === 'runtime_params') {
          if (f.kind === 'globals') report(loc, "The 'runtime_params:' resolver is not supported in globals.yml.");
          else if (args.length === 1) report(loc, `'${args[0]}' must be passed with \`kedro run --params ${args[0]}=...\` (no default given).`, { severity: 'information' });
        } else if (!resolver.startsWith('oc.') && !BUILTIN.has(resolver) && !known(resolver)) {
          report(loc, `Resolver '${resolver}' is not registered in CONFIG_LOADER_ARGS["custom_resolvers"].`);
        }
      }
    }
  },
};

