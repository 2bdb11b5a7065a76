import { nodeRule } from '../rule';
import { article } from '../../../../common/words';
import { conflict, mildest, typeText } from '../../project/types/pythonTypes';
import { annotationOf, parameterFor } from '../types';
import { paramModelOf } from '../paramModels';
import { paramReadings, paramTypeText, wholeInterpolation } from '../paramTypes';
import { interpolationMode } from '../../project/model';

/** A `params:` value whose YAML type cannot be what the node function's parameter is annotated as. */
export const parameterType = nodeRule({
  code: 'KL202',
  name: 'parameter-type-mismatch',
  defaultSeverity: 'warning',
  summary: "A 'params:' value whose YAML type cannot match the annotation of the parameter it is passed to.",
  docs: {
    why: `Parameters reach node functions as the Python values OmegaConf builds from YAML: mappings become dicts, sequences
lists, \`0.2\` a float, \`"0.2"\` a str. A function annotated \`test_size: float\` receiving a string or a list fails (or
silently misbehaves) inside the node. \`int\` fits \`float\`; unannotated and \`Any\` parameters are not checked. Different
kinds (str vs float, list vs dict) are warnings; near misses code usually survives (a list for a \`tuple\`, a float for an
\`int\`) are hints. A value that is one whole \`\${...}\` (\`\${globals:ids}\`) takes the type of what it refers to and is
not checked, except under the plain \`ConfigLoader\` of Kedro 0.17/0.18, which fills nothing (the value is that str), and
under TemplatedConfigLoader with known globals, whose value (and type) is the global's. An unquoted date (\`2020-01-01\`) is a str under OmegaConfigLoader, whose YAML loader reads no
timestamps, but a \`datetime.date\` (a \`datetime.datetime\` with a time) under ConfigLoader and TemplatedConfigLoader
(Kedro before 0.19), which read YAML with PyYAML's safe loader; where the project's loader is not known, only what is
wrong under every possible loader is reported. Nor is \`null\` checked for a parameter whose default is \`None\`
(\`x: str = None\`) or one the function compares with \`None\` (\`if x is None:\`), nor a parameter the function tests
with \`isinstance(x, ...)\` (it handles the types it tests for).`,
    bad: { lang: 'yaml', file: 'conf/base/parameters.yml', code: 'model_options:\n  test_size: "0.2"   # str, but split_data(test_size: float)' },
    good: { lang: 'yaml', file: 'conf/base/parameters.yml', code: 'model_options:\n  test_size: 0.2' },
  },
  check(model, node, report) {
    const fn = node.func?.target?.fn;
    if (!fn || node.partial) return;
    node.inputs.forEach((ref, i) => {
      if (!ref.name.startsWith('params:') && ref.name !== 'parameters') return;
      const key = ref.name === 'parameters' ? undefined : ref.name.slice('params:'.length);
      const value = key === undefined ? { type: 'dict' as const } : model.params.get(key)?.fact;
      const param = parameterFor(fn, node, i);
      const expected = annotationOf(node, param);
      // ConfigLoader fills no `${...}`: the value is that str.
      const asWritten = !!value && wholeInterpolation(value) && interpolationMode(model) === 'literal';
      if (!value || !expected || (wholeInterpolation(value) && !asWritten)) return;
      // `x: str = None` is the implicit Optional of PEP 484's first version: None is what the default already is.
      if (value.type === 'None' && param && fn.defaults[param.name]?.type === 'none') return;
      // So is `null` for a parameter the body compares with None (`if x is None: x = ...`).
      if (value.type === 'None' && param && fn.noneTested?.includes(param.name)) return;
      // A body that tests the parameter with isinstance() handles the types it tests for itself.
      if (param && fn.typeTested?.includes(param.name)) return;
      // conflict() first: it is cheap and usually 'fits'; resolving a parameter model walks imports. A value the
      // possible loaders read differently (a timestamp) is reported only when no reading fits.
      const verdict = mildest(paramReadings(value, model.configLoaders).map((r) => conflict(r.cls, expected, 'expected')));
      if (verdict === 'fits' || paramModelOf(model, node, param)) return;
      const type = paramTypeText(value, model.configLoaders);
      // `null` reads as what it is, not "a None".
      const is = 'timestamp' in value && value.timestamp ? `in YAML is ${article(type)} ${type}` : value.type === 'None' ? 'is null in YAML' : asWritten ? "is a str (ConfigLoader fills no '${...}')" : `is ${article(type)} ${type} in YAML`;
      report(ref.loc, `Parameter '${key ?? 'parameters'}' ${is}, but '${fn.name}' annotates '${param?.name}' as ${typeText(expected)}.`, {
        related: key && model.params.get(key) ? [{ loc: { uri: model.params.get(key)?.uri ?? '', span: model.params.get(key)?.fact.keySpan ?? ref.loc.span }, message: `${key}: ${value.type === 'None' ? 'null' : type}` }] : [],
        ...(verdict === 'nit' ? { severity: 'hint' as const } : {}),
      });
    });
  },
});
