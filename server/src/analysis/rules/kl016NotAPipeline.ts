import type { Rule } from '../rule';
import { atLeast } from '../../project/versions';
import type { NotPipeline } from '../../project/pipelines/types';

/** How Python names the object in Kedro's AttributeError: "module 'x.y'", "'str' object". */
function objectText(n: NotPipeline): string | undefined {
  if (n.moduleName) return `module '${n.moduleName}'`;
  return n.pyType ? `'${n.pyType}' object` : undefined;
}

/**
 * What running it raises: the session filters the pipeline (0.17: `_filter_pipeline` reads `.nodes`; 0.18.0–1.1:
 * `pipeline.filter(...)`), and from 1.2.0 it first adds it to an empty Pipeline (`combined_pipelines += pipelines[name]`).
 */
function failure(n: NotPipeline, below018: boolean, from12: boolean, mixed: boolean): string {
  const obj = objectText(n);
  if (mixed) return 'an AttributeError or TypeError, depending on the Kedro release';
  if (from12) return n.pyType ? `TypeError: unsupported operand type(s) for +=: 'Pipeline' and '${n.pyType}'` : 'a TypeError (unsupported operand type(s) for +=)';
  const attr = below018 ? 'nodes' : 'filter';
  return obj ? `AttributeError: ${obj} has no attribute '${attr}'` : `an AttributeError (no attribute '${attr}')`;
}

/** A registry value that is surely not a Pipeline: Kedro registers it, and fails when that pipeline is run. */
export const notAPipeline: Rule = {
  code: 'KL016',
  name: 'registered-value-not-a-pipeline',
  defaultSeverity: 'error',
  summary: 'register_pipelines() maps a name to a module, function, literal or list instead of a Pipeline (running it fails).',
  docs: {
    why: `Kedro takes what \`register_pipelines()\` returns as it is: nothing checks that each value is a \`Pipeline\`, so
\`kedro registry list\` still lists the name. Running it fails: the session filters it (Kedro 0.17 reads
\`pipeline.nodes\`, 0.18.0–1.1 calls \`pipeline.filter(...)\`: "AttributeError: module 'demo.pipelines.prep' has no
attribute 'filter'"), and from 1.2.0 adds it to an empty \`Pipeline\` first ("TypeError: unsupported operand type(s) for
+=: 'Pipeline' and 'module'"). \`kedro registry describe\` and Kedro-Viz fail on it too. A list of nodes is not accepted
either: wrap it in \`Pipeline([...])\`. Only values written in the returned dict literal are judged; one not known
statically is a KL909 note.`,
    bad: { lang: 'python', file: 'pipeline_registry.py', code: 'from demo.pipelines import prep\n\ndef register_pipelines():\n    return {"__default__": prep}' },
    good: { lang: 'python', file: 'pipeline_registry.py', code: 'from demo.pipelines import prep\n\ndef register_pipelines():\n    return {"__default__": prep.create_pipeline()}' },
  },
  check(model, report) {
    const kedro = model.versions.kedro;
    const below018 = atLeast(kedro, '0.18.0') === 'no';
    const from12 = atLeast(kedro, '1.2.0') === 'yes';
    const mixed = !below018 && !from12 && (atLeast(kedro, '0.18.0') !== 'yes' || atLeast(kedro, '1.2.0') !== 'no');
    for (const n of model.registry.notPipelines ?? []) {
      const run = n.name === '__default__' ? "'kedro run'" : `running '${n.name}'`;
      report(n.loc, `Pipeline '${n.name}' is registered as ${n.what}, not a Pipeline: ${run} fails with ${failure(n, below018, from12, mixed)}.`);
    }
  },
};
