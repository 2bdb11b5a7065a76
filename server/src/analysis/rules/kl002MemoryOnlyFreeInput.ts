import type { Rule } from '../rule';
import { closedPipelines, once } from '../pipelines';
import type { Loc } from '../../core/types';
import { memoWhileSame } from '../../core/memo';
import { baseName, coversAllNodes, isParamName, matchingPattern, type ProjectModel } from '../../project/model';
import type { DatasetRef, RegisteredPipeline, ResolvedNode } from '../../project/pipelines/types';

/** A registered pipeline reads a dataset that only another pipeline produces in memory: running it alone fails. */
export const memoryOnlyFreeInput: Rule = {
  code: 'KL002',
  name: 'memory-only-free-input',
  defaultSeverity: 'warning',
  summary: 'A registered pipeline reads a dataset that only another pipeline produces, in memory: running it alone fails.',
  docs: {
    why: `Free inputs of the pipeline being run must come from the catalog. An intermediate that is not in the catalog
lives in memory only while the pipeline that produces it runs, so \`kedro run --pipelines=data_science\` fails with
"Pipeline input(s) {'model_input_table'} not found" although \`kedro run\` (the \`__default__\` sum) works. Persist the
dataset in the catalog to make the pipeline runnable on its own.`,
    bad: { lang: 'yaml', file: 'conf/base/catalog.yml', code: '# model_input_table (produced by data_processing, read by data_science) is missing' },
    good: { lang: 'yaml', file: 'conf/base/catalog.yml', code: 'model_input_table:\n  type: pandas.CSVDataset\n  filepath: data/03_primary/model_input_table.csv' },
  },
  check(model, report) {
    const emit = once<void>();
    for (const p of closedPipelines(model)) {
      for (const [loc, message, data] of pipelineFindings(model, p)) {
        emit(`${p.name}|${loc.uri}:${loc.span.start.line}:${loc.span.start.character}`, () => report(loc, message, { data }));
      }
    }
  },
};

type Finding = readonly [Loc, string, Readonly<Record<string, unknown>>];

// Both memos hold while the catalog and the produced names are the same objects: a pipeline whose create_pipeline()
// result (and so its node list) was kept across an edit keeps its findings.
const modelParts = (model: ProjectModel): readonly unknown[] => [model.catalog, model.producedNames, model.addedDatasets];

/** Inputs of a node that live in memory and that some node produces (the only ones this rule can report). */
const memoryInputs = memoWhileSame((model: ProjectModel, n: ResolvedNode): readonly DatasetRef[] =>
  n.partial ? [] : n.inputs.filter((ref) => !isParamName(ref.name) && model.producedNames.has(baseName(ref.name)) && !model.catalog.has(ref.name) && !model.addedDatasets.has(baseName(ref.name)) && !matchingPattern(model, ref.name)),
modelParts);

const nodeListFindings = memoWhileSame((model: ProjectModel, nodes: readonly ResolvedNode[]): readonly DatasetRef[] => {
  const found: DatasetRef[] = [];
  let produced: Set<string> | undefined;
  // A pipeline of every node (`__default__` as a sum) writes every dataset some node writes: nothing to find.
  const all = coversAllNodes(model, nodes);
  for (const n of all ? [] : nodes) {
    for (const ref of memoryInputs(model, n)) {
      // Most pipelines read no memory dataset from outside: build their output set only when one does.
      produced ??= outputBases(nodes);
      if (!produced.has(baseName(ref.name))) found.push(ref);
    }
  }
  return found;
}, modelParts);

function pipelineFindings(model: ProjectModel, p: RegisteredPipeline): readonly Finding[] {
  return nodeListFindings(model, p.pipeline.nodes).map((ref) => [ref.loc, `'${ref.name}' is a free input of pipeline '${p.name}' but exists only in memory while another pipeline runs; \`kedro run --pipelines=${p.name}\` fails unless it is in the catalog.`, { name: ref.name, pipeline: p.name }] as const);
}

function outputBases(nodes: readonly ResolvedNode[]): Set<string> {
  const out = new Set<string>();
  for (const n of nodes) for (const o of n.outputs) out.add(baseName(o.name));
  return out;
}
