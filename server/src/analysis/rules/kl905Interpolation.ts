import type { Rule } from '../rule';
import type { Span } from '../../core/types';
import { globalsValues, interpolationMode, loadedConfFiles, type ProjectModel } from '../../project/model';
import { pluginResolvers } from '../../project/pluginResolvers';
import { alwaysAtLeast, alwaysBelow } from '../../project/versions';

const BUILTIN = new Set(['globals', 'runtime_params']);

/** OmegaConf's own resolvers besides oc.env, which OmegaConfigLoader cleared from 0.18.5 until 0.18.12 (it keeps oc.env for credentials). */
const OMEGACONF_BUILTINS = new Set(['oc.create', 'oc.deprecated', 'oc.decode', 'oc.select', 'oc.dict.keys', 'oc.dict.values']);

/** The resolvers OmegaConfigLoader registers itself, and the release that added each (kedro/config/omegaconf_config.py). */
const SINCE: Readonly<Record<string, string>> = { globals: '0.18.13', runtime_params: '0.18.14' };

/**
 * `${...}` that the project's config loader cannot fill. OmegaConfigLoader: oc.env outside credentials, unknown
 * resolvers, missing globals. TemplatedConfigLoader: a key its globals lack, without a default. ConfigLoader fills
 * nothing (the text stays as written), and where the loader is not known nothing is sure.
 */
export const interpolation: Rule = {
  code: 'KL905',
  name: 'config-interpolation',
  defaultSeverity: 'error',
  summary: "A '${...}' in configuration that the config loader cannot fill (OmegaConfigLoader: oc.env outside credentials, unknown resolver, missing globals key; TemplatedConfigLoader: a key its globals lack).",
  docs: {
    why: `Kedro resolves interpolations when it loads configuration. \`\${oc.env:VAR}\` is allowed only in credentials unless
the project registers \`oc.env\` in \`CONFIG_LOADER_ARGS["custom_resolvers"]\`; other resolver names must be registered
there too, unless the project's own code registers them (\`OmegaConf.register_new_resolver("name", ...)\` in settings.py, a
hook or a pipeline module: Kedro imports those before it loads the configuration) or an installed plugin registers them from its hooks (kedro-pandera's \`pa.python\`, \`pa.yaml\`, \`pa.dict\`,
when a dependency file names it and \`DISABLE_HOOKS_FOR_PLUGINS\` does not); \`\${globals:key}\` needs the key in \`globals.yml\` unless a default is given. All fail at startup with
"UnsupportedInterpolationType" or "Globals key 'key' not found". \`\${runtime_params:key}\` without a default is only an
information: it is legal when the run passes \`--params key=...\`. OmegaConfigLoader (opt-in from Kedro 0.18.5,
the default from 0.19.0) registers \`globals\` from 0.18.13 and \`runtime_params\` from 0.18.14: before, either stops the
load with "Unsupported interpolation type"; from 0.18.5 until 0.18.12 it also clears OmegaConf's own \`oc.select\`,
\`oc.decode\`, \`oc.create\`, \`oc.deprecated\`, \`oc.dict.keys\` and \`oc.dict.values\`, which then fail the same way.

\`TemplatedConfigLoader\` (Kedro 0.17 and 0.18) fills \`\${key}\` and \`\${a.b}\` in catalog and parameters files from its
globals (the \`globals_pattern\` files, then \`globals_dict\`); a key it lacks without a \`|default\` stops the load with
"Failed to format pattern '\${key}': no config value found, no default provided". That is reported only when settings.py
(or a 0.17 \`register_config_loader\` hook) writes the pattern and the dictionary literally and every globals file is read.
The plain \`ConfigLoader\` (the default before 0.19) fills nothing: \`\${...}\` stays as written and this rule is silent, as
it is where the project's Kedro range or settings leave the loader open.`,
    bad: { lang: 'yaml', file: 'conf/base/catalog.yml', code: 'companies:\n  type: pandas.CSVDataset\n  filepath: ${oc.env:DATA_DIR}/companies.csv' },
    good: { lang: 'yaml', file: 'conf/base/catalog.yml', code: 'companies:\n  type: pandas.CSVDataset\n  filepath: ${globals:data_dir}/companies.csv   # data_dir in conf/base/globals.yml' },
  },
  check(model, report) {
    const mode = interpolationMode(model);
    if (mode === 'templated') return templatedKeys(model, report);
    if (mode !== 'omega') return;
    const kedro = model.versions.kedro;
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
        } else if (OMEGACONF_BUILTINS.has(resolver) && alwaysBelow(kedro, '0.18.12') && !fromCode.has(resolver) && !fromCode.has('*')) {
          report(loc, `OmegaConfigLoader clears OmegaConf's '${resolver}' resolver before Kedro 0.18.12: this release stops with "Unsupported interpolation type ${resolver}".`);
        } else if (resolver in SINCE && !alwaysAtLeast(kedro, SINCE[resolver] as string)) {
          // Not yet registered in every release of the range: an error only where it is in none.
          if (alwaysBelow(kedro, SINCE[resolver] as string)) report(loc, `OmegaConfigLoader registers the '${resolver}' resolver only from Kedro ${SINCE[resolver]}: this release stops with "Unsupported interpolation type ${resolver}".`);
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

type Report = Parameters<Rule['check']>[1];

/**
 * TemplatedConfigLoader's `${key}` without a default whose key its globals lack (jmespath finds None): the load stops.
 * Only when the dictionary is fully known; keys jmespath reads otherwise (`${a.0}`) and what `_` keys hold (dropped
 * before formatting) are left alone.
 */
function templatedKeys(model: ProjectModel, report: Report): void {
  const globals = model.templating;
  if (!globals || globals.open) return;
  for (const f of loadedConfFiles(model)) {
    if (f.kind !== 'catalog' && f.kind !== 'parameters') continue;
    const hidden = hiddenRegions(f.topKeys);
    for (const i of f.interpolations) {
      const m = /^([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)(\|[^}]*)?$/.exec(i.expr);
      const key = m?.[1];
      if (!key || m[2] !== undefined || globals.values.has(key) || hidden.some((h) => within(i.span, h))) continue;
      report(
        { uri: f.uri, span: i.span },
        `'\${${key}}' is in none of TemplatedConfigLoader's globals (globals_pattern files, globals_dict) and has no default: the load stops with "Failed to format pattern '\${${key}}': no config value found, no default provided".`,
      );
    }
  }
}

/** The lines of top-level keys starting with `_`, which Kedro's 0.17/0.18 loaders drop: from the key to the next key. */
function hiddenRegions(tops: readonly { value: string; span: Span }[]): { from: number; to: number }[] {
  const sorted = [...tops].sort((a, b) => a.span.start.line - b.span.start.line);
  return sorted.flatMap((k, i) => (k.value.startsWith('_') ? [{ from: k.span.start.line, to: sorted[i + 1]?.span.start.line ?? Infinity }] : []));
}

const within = (s: Span, r: { from: number; to: number }): boolean => s.start.line >= r.from && s.start.line < r.to;
