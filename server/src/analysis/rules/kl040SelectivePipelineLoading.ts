import type { Rule } from '../rule';
import { rangeText } from '../../project/versions';
import { selectiveLoadingOf } from '../selectiveLoading';

/** On Kedro ≥ 1.5, a registered pipeline that `kedro run --pipelines=<name>` cannot load. */
export const selectivePipelineLoading: Rule = {
  code: 'KL040',
  name: 'pipeline-not-runnable-by-name',
  defaultSeverity: 'warning',
  summary: "A registered pipeline that 'kedro run --pipelines=<name>' cannot load on Kedro 1.5 or later.",
  docs: {
    why: `Since Kedro 1.5, \`kedro run --pipelines=X\` makes \`find_pipelines()\` import only \`<package>.pipelines.X\` (the
registry function still runs). A pipeline registered under a name with no such folder (registered by hand, or composed
from others) cannot be run by name: \`find_pipelines(raise_errors=True)\` raises ImportError, and without it nothing is
found. A registry that indexes \`find_pipelines()\`'s result by name (\`pipelines["a"] + pipelines["b"]\`) raises KeyError
whenever another pipeline is requested. Run such pipelines as \`__default__\` with \`--nodes\`/\`--namespaces\`, or give
each one its own folder. Reported only for projects on Kedro 1.5 or later in every release of their range.`,
    bad: { lang: 'python', file: 'pipeline_registry.py', code: 'def register_pipelines():\n    pipelines = find_pipelines(raise_errors=True)\n    pipelines["training"] = pipelines["data_processing"] + pipelines["data_science"]\n    pipelines["__default__"] = sum(pipelines.values())\n    return pipelines' },
    good: { lang: 'python', file: 'pipeline_registry.py', code: 'def register_pipelines():\n    pipelines = find_pipelines(raise_errors=True)\n    pipelines["__default__"] = sum(pipelines.values())\n    return pipelines' },
  },
  check(model, report) {
    const s = selectiveLoadingOf(model);
    const range = rangeText(model.versions.kedro);
    for (const [name, { reason, loc }] of s.notByName) if (loc) report(loc, `'${name}' cannot be run with 'kedro run --pipelines=${name}' (Kedro ${range}): ${reason}.`);
    if (s.indexed) {
      report(s.indexed.loc, `On Kedro ${range}, 'kedro run --pipelines=X' loads only X, so find_pipelines()['${s.indexed.name}'] raises KeyError whenever another pipeline is requested.`);
    }
  },
};
