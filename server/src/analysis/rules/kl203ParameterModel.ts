import { nodeRule } from '../rule';
import { article } from '../../../../common/words';
import { fits, parseAnnotation, typeText } from '../../project/types/pythonTypes';
import { isRequiredField, paramModelOf } from '../paramModels';
import { paramReadings, paramTypeText } from '../paramTypes';
import { parameterFor, qualifier } from '../types';

/** Parameters validated into a pydantic model / dataclass / TypedDict: missing or unknown keys and field type mismatches. */
export const parameterModel = nodeRule({
  code: 'KL203',
  name: 'parameter-model-mismatch',
  defaultSeverity: 'error',
  summary: "A 'params:' mapping that does not fit the pydantic model, dataclass or TypedDict its node parameter is annotated with.",
  docs: {
    why: `Since Kedro 1.3, a node parameter annotated with a pydantic model or a dataclass gets the \`params:\` mapping
validated and instantiated before the run; a missing required field fails with "Parameter validation failed". Dataclasses
also reject unknown keys; pydantic ignores them by default (a warning here, as it usually is a typo). TypedDicts are not
validated by Kedro, so their findings are warnings; a TypedDict key is required unless the class says \`total=False\` or
the key is annotated \`NotRequired[...]\` (\`Required[...]\` makes it required again).`,
    bad: { lang: 'yaml', file: 'conf/base/parameters.yml', code: '# @dataclass class ModelOptions: test_size: float; random_state: int\nmodel_options:\n  test_size: 0.2\n  random_sate: 3' },
    good: { lang: 'yaml', file: 'conf/base/parameters.yml', code: 'model_options:\n  test_size: 0.2\n  random_state: 3' },
  },
  check(model, node, report) {
    const fn = node.func?.target?.fn;
    if (!fn || node.partial) return;
    node.inputs.forEach((ref, i) => {
      if (!ref.name.startsWith('params:')) return;
      const key = ref.name.slice('params:'.length);
      const entry = model.params.get(key);
      const pm = paramModelOf(model, node, parameterFor(fn, node, i));
      if (!pm || !entry) return;
      const soft = pm.kind === 'typeddict' ? 'warning' : 'error';
      const clsLoc = { loc: { uri: pm.module.uri, span: pm.cls.nameSpan }, message: `class ${pm.cls.name}` };
      if (entry.fact.type !== 'dict') {
        report(ref.loc, `Parameter '${key}' is ${article(entry.fact.type)} ${entry.fact.type}, but ${pm.cls.name} needs a mapping.`, { severity: soft, related: [clsLoc] });
        return;
      }
      const keys = new Set(entry.fact.keys ?? []);
      const fields = new Map(pm.cls.fields.map((f) => [f.name, f]));
      const missing = pm.cls.fields.filter((f) => isRequiredField(pm, f) && !keys.has(f.name)).map((f) => f.name);
      if (missing.length) {
        report({ uri: entry.uri, span: entry.fact.keySpan }, `Parameter '${key}' lacks ${missing.map((m) => `'${m}'`).join(', ')}, required by ${pm.cls.name} (${pm.kind}).`, { severity: soft, related: [clsLoc] });
      }
      for (const k of keys) {
        const child = model.params.get(`${key}.${k}`);
        const field = fields.get(k);
        if (!field) {
          report({ uri: child?.uri ?? entry.uri, span: child?.fact.keySpan ?? entry.fact.keySpan }, `'${k}' is not a field of ${pm.cls.name}${pm.kind === 'pydantic' ? ' (pydantic ignores it by default)' : ''}.`, {
            severity: pm.kind === 'dataclass' ? 'error' : 'warning',
            related: [clsLoc],
          });
          continue;
        }
        if (!field.annotation || !child) continue;
        const expected = parseAnnotation(field.annotation, qualifier(pm.module.facts));
        // pydantic (lax mode) parses an ISO date text into a date or datetime field, whatever the loader made of it.
        if (pm.kind === 'pydantic' && child.fact.timestamp && fits('datetime.datetime', expected)) continue;
        if (!paramReadings(child.fact, model.configLoaders).some((r) => fits(r.cls, expected))) {
          report({ uri: child.uri, span: child.fact.keySpan }, `'${key}.${k}' is ${article(paramTypeText(child.fact, model.configLoaders))} ${paramTypeText(child.fact, model.configLoaders)}, but ${pm.cls.name}.${k} is annotated as ${typeText(expected)}.`, { severity: 'warning', related: [clsLoc] });
        }
      }
    });
  },
});
