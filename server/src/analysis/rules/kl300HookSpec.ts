import type { Rule } from '../rule';
import { CLI_HOOK_SPECS, existsIn, HOOK_SPECS, specsModelled, type HookSpec } from '../../project/hookSpecs';
import { alwaysBelow } from '../../project/versions';
import { closestNames } from '../suggest';

const isHookImpl = (d: string): boolean => /(^|\.)(hook_impl|cli_hook_impl)(\(|$)/.test(d) || /HookimplMarker\(/.test(d);

/** `@hook_impl` methods whose name is not a Kedro hook, or whose arguments the hook spec does not have. */
export const hookSpec: Rule = {
  code: 'KL300',
  name: 'hook-spec-mismatch',
  defaultSeverity: 'error',
  summary: "An '@hook_impl' method that is not a Kedro hook (never called), or takes an argument its hook spec does not have.",
  docs: {
    why: `Kedro calls hook implementations by method name through pluggy. A misspelt name (\`before_node_runs\`) is
silently never called — your MLflow logging or data validation just does not happen (warning). An argument the spec does
not have (\`session_id\` was renamed \`run_id\` in 1.0) makes session creation fail with pluggy's "PluginValidationError:
... argument 'session_id' not available in hookspec" (error). A default value on a hook argument always wins over the
value Kedro passes (warning). Implementations may take any subset of the spec's arguments. The specs are those of the
project's Kedro releases (dataset hooks take \`node\` from 0.18.5, \`after_context_created\` exists from 0.18.1,
\`feed_dict\` became \`parameters\` and \`session_id\` became \`run_id\` in 1.0, the 0.17 \`register_*\` hooks went in 0.18):
only what is wrong in every release of that range is reported, and 0.17 projects are not judged.`,
    bad: { lang: 'python', file: 'hooks.py', code: 'class MLflowHooks:\n    @hook_impl\n    def before_node_runs(self, node, session_id): ...' },
    good: { lang: 'python', file: 'hooks.py', code: 'class MLflowHooks:\n    @hook_impl\n    def before_node_run(self, node, run_id): ...' },
  },
  check(model, report) {
    const range = model.versions.kedro;
    if (alwaysBelow(range, '0.18')) return; // 0.17 specs are not modelled
    const modelled = specsModelled(range);
    // A hook some release of the range has (every known name when the range reaches below 0.18).
    const live = (spec: HookSpec | undefined): spec is HookSpec => !!spec && (!modelled || existsIn(spec, range));
    // Methods of registered hook classes that look like hooks but are not marked: pluggy ignores them.
    for (const h of model.settings.hooks) {
      for (const m of h.cls?.fact.methods ?? []) {
        if (m.decorators.some(isHookImpl) || !/^(before|after|on)_/.test(m.name)) continue;
        const guess = HOOK_SPECS[m.name] ? [m.name] : closestNames(m.name, Object.keys(HOOK_SPECS), 1);
        if (!guess.length) continue;
        report({ uri: h.cls?.module.uri ?? h.loc.uri, span: m.nameSpan }, HOOK_SPECS[m.name] ? `'${m.name}' is not marked with @hook_impl, so Kedro never calls it.` : `'${m.name}' is not a Kedro hook and is not marked with @hook_impl; did you mean '${guess[0]}'?`, { severity: 'warning' });
      }
    }
    for (const mod of model.python.modules) {
      for (const cls of mod.facts.classes) {
        for (const m of cls.methods) {
          if (!m.decorators.some(isHookImpl)) continue;
          const cli = m.decorators.some((d) => /cli_hook_impl/.test(d));
          const specs = cli ? CLI_HOOK_SPECS : HOOK_SPECS;
          const spec = specs[m.name];
          if (!live(spec)) {
            const names = Object.keys(specs).filter((n) => live(specs[n]));
            const guess = closestNames(m.name, names, 1);
            const why = spec ? ` in the Kedro releases this project uses (${model.versions.text})` : '';
            report({ uri: mod.uri, span: m.nameSpan }, `'${m.name}' is not a Kedro ${cli ? 'CLI ' : ''}hook${why}, so it is never called.${guess.length ? ` Did you mean '${guess[0]}'?` : ''}`, {
              severity: 'warning',
              data: { suggestions: guess },
            });
            continue;
          }
          const args = spec.args.filter((x) => existsIn(x, range)).map((x) => x.name);
          for (const p of m.params) {
            if (p.name === 'self' || p.name === 'cls' || p.kind === 'var-keyword' || p.kind === 'var-positional') continue;
            if (!args.includes(p.name)) {
              if (!modelled) continue; // 0.17's arguments are not modelled
              report({ uri: mod.uri, span: p.span }, `'${m.name}' has no argument '${p.name}'; Kedro passes ${args.map((s) => `'${s}'`).join(', ')}.`, { data: { suggestions: closestNames(p.name, args, 1) } });
            } else if (p.hasDefault) {
              report({ uri: mod.uri, span: p.span }, `'${p.name}' has a default value, so '${m.name}' always receives the default instead of Kedro's value.`, { severity: 'warning' });
            }
          }
        }
      }
    }
  },
};
