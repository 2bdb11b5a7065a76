import { nodeRule } from '../rule';
import { conflict, typeText } from '../../project/types/pythonTypes';
import { annotationOf, parameterFor, returnTypesPerOutput } from '../types';
import { matchingPattern, soleProducer } from '../../project/model';

/** Through an in-memory dataset, the producer's return annotation cannot be what the consumer's parameter expects. */
export const memoryTypeMismatch = nodeRule({
  code: 'KL031',
  name: 'memory-type-mismatch',
  defaultSeverity: 'warning',
  summary: "A dataset passed in memory whose producer's return type cannot match the consumer's parameter type.",
  docs: {
    why: `Datasets that are not in the catalog (nor matched by a dataset factory) are handed from node to node as Python objects (MemoryDataset). When the
producer is annotated to return a \`polars.DataFrame\` and the consumer expects a \`pandas.DataFrame\`, the consumer fails
at run time. Only well-known, provably different types are warnings; near misses of one family (a \`pd.Series\` for a
\`pd.DataFrame\`, a \`dict\` for a DataFrame) are hints.`,
    bad: { lang: 'python', file: 'nodes.py', code: 'def load(raw) -> pl.DataFrame: ...\ndef train(features: pd.DataFrame): ...\n# Node(load, "raw", "features"), Node(train, "features", "model")' },
    good: { lang: 'python', file: 'nodes.py', code: 'def load(raw) -> pd.DataFrame: ...\ndef train(features: pd.DataFrame): ...' },
  },
  check(model, consumer, report) {
    const fn = consumer.func?.target?.fn;
    if (!fn || consumer.partial) return;
    consumer.inputs.forEach((ref, i) => {
      // A dataset factory makes it a catalog dataset too: saved and loaded, not handed over in memory.
      if (model.catalog.has(ref.name) || matchingPattern(model, ref.name)) return;
      const sole = soleProducer(model, ref.name);
      if (sole?.name !== ref.name) return;
      const producer = sole.node;
      const outIndex = producer.outputs.findIndex((o) => o.name === ref.name);
      const returned = returnTypesPerOutput(producer)?.[outIndex];
      const param = parameterFor(fn, consumer, i);
      const expected = annotationOf(consumer, param);
      if (!returned || !expected || returned.kind !== 'class') return;
      const verdict = conflict(returned.name, expected, 'both');
      if (verdict === 'fits') return;
      report(ref.loc, `'${ref.name}' is returned as ${typeText(returned)} by '${producer.func?.name ?? producer.name}', but '${fn.name}' annotates '${param?.name}' as ${typeText(expected)}.`, {
        related: [{ loc: sole.ref.loc, message: `produced by '${producer.name}'` }],
        ...(verdict === 'nit' ? { severity: 'hint' as const } : {}),
      });
    });
  },
});
