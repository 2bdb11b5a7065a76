import { nodeRule } from '../rule';
import { classType, conflict, mildest, typeText, type PyType } from '../../project/types/pythonTypes';
import { annotationOf, datasetInfo, parameterFor, returnTypesPerOutput } from '../types';

const shortType = (t: string): string => t.replace(/^pandas\./, 'pd.').replace(/^polars\./, 'pl.');

/** The annotation as written, with the class it names when that shares its last name with a loaded or saved type. */
function annotationText(expected: PyType, load: readonly string[]): string {
  const text = typeText(expected);
  if (expected.kind !== 'class' || expected.text.includes('.')) return text;
  const last = (n: string): string => n.slice(n.lastIndexOf('.') + 1);
  return load.some((l) => l !== expected.name && last(l) === last(expected.name)) ? `${text} (${expected.name})` : text;
}

/** The annotated parameter/return type of a node function cannot be what its catalog dataset loads/saves. */
export const datasetTypeMismatch = nodeRule({
  code: 'KL030',
  name: 'dataset-type-mismatch',
  defaultSeverity: 'warning',
  summary: "A node function's annotation that cannot match what its catalog dataset loads or saves (e.g. polars vs pandas).",
  docs: {
    why: `Each dataset class loads and saves specific Python types: \`pandas.CSVDataset\` gives a \`pandas.DataFrame\`,
\`polars.CSVDataset\` a \`polars.DataFrame\`, \`matplotlib.MatplotlibDataset\` saves a Figure. A function annotated for
another type fails somewhere inside your code, minutes into a run. Only provable mismatches between well-known types of
different libraries (polars vs pandas, a Figure vs a DataFrame) are warnings (\`Any\`, unannotated parameters, project
classes and unions that contain a match are fine). Annotations Python never enforces and code often survives — a
\`pd.Series\` for a DataFrame, \`dict\` or \`Dict[str, pd.DataFrame]\` for a DataFrame, \`np.ndarray\` for a DataFrame (numpy
takes array-likes), a \`tuple[...]\` return on a single output — are hints. A return annotation that disagrees with the dataset that saves the value is information: it only
documents, and the returned object is what counts.`,
    bad: { lang: 'python', file: 'nodes.py', code: 'import polars as pl\n\ndef preprocess_companies(companies: pl.DataFrame) -> pl.DataFrame:  # companies is a pandas.CSVDataset\n    ...' },
    good: { lang: 'python', file: 'nodes.py', code: 'import pandas as pd\n\ndef preprocess_companies(companies: pd.DataFrame) -> pd.DataFrame:\n    ...' },
  },
  check(model, node, report) {
    const fn = node.func?.target?.fn;
    if (!fn || node.partial) return;
    node.inputs.forEach((ref, i) => {
      const ds = datasetInfo(model, ref.name);
      const load = ds?.info.load;
      if (!ds || !load) return;
      const param = parameterFor(fn, node, i);
      const expected = annotationOf(node, param);
      if (!expected) return;
      const verdict = mildest(load.map((l) => conflict(l, expected, 'expected')));
      if (verdict === 'fits') return;
      report(ref.loc, `'${ref.name}' is a ${ds.info.short} that loads ${load.map(shortType).join(' | ')}, but '${fn.name}' annotates '${param?.name}' as ${annotationText(expected, load)}.`, {
        related: [{ loc: { uri: node.func?.target?.module.uri ?? node.uri, span: param?.span ?? fn.nameSpan }, message: `${param?.name}: ${typeText(expected)}` }, { loc: { uri: ds.entry.uri, span: ds.entry.fact.keySpan }, message: `type: ${ds.info.short}` }],
        ...(verdict === 'nit' ? { severity: 'hint' as const } : {}),
      });
    });
    const returns = returnTypesPerOutput(node);
    node.outputs.forEach((ref, i) => {
      const ds = datasetInfo(model, ref.name);
      const save = ds?.info.save;
      const t = returns?.[i];
      if (!ds || !save || !t || t.kind === 'any' || t.kind === 'opaque') return;
      const provided = t.kind === 'class' ? [t.name] : t.kind === 'union' ? t.items.flatMap((x) => (x.kind === 'class' ? [x.name] : [])) : [];
      if (!provided.length || provided.length !== (t.kind === 'union' ? t.items.length : 1)) return;
      const verdict = save.includes('Any') ? 'fits' : mildest(provided.flatMap((p) => save.map((s) => conflict(p, classType(s), 'provided'))));
      if (verdict === 'fits') return;
      // A return annotation only documents: on public projects the returned object was right and the annotation stale
      // more often than not, so the output side informs (a parameter annotation says how the body uses the data).
      report(ref.loc, `'${fn.name}' returns ${annotationText(t, save)}, but '${ref.name}' is a ${ds.info.short} that saves ${save.map(shortType).join(' | ')}.`, {
        related: [{ loc: { uri: ds.entry.uri, span: ds.entry.fact.keySpan }, message: `type: ${ds.info.short}` }],
        severity: verdict === 'nit' ? 'hint' : 'information',
      });
    });
  },
});
