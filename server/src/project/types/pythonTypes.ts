/** Splits `A, B[C, D], E` at top-level commas. */
export function splitTopLevel(s: string): string[] {
  return splitTopLevelOn(s, ',').filter((x) => x.length > 0);
}

/** A parsed, normalised annotation. `opaque` = a name we cannot classify (TypeVar, project class, unresolved). */
export type PyType =
  | { readonly kind: 'any' }
  | { readonly kind: 'none' }
  | { readonly kind: 'class'; readonly name: string; readonly args: readonly PyType[]; readonly text: string }
  | { readonly kind: 'union'; readonly items: readonly PyType[] }
  | { readonly kind: 'opaque'; readonly text: string };

const ALIASES: Readonly<Record<string, string>> = {
  Dict: 'dict', 'typing.Dict': 'dict', Mapping: 'dict', 'typing.Mapping': 'dict', 'collections.abc.Mapping': 'dict', MutableMapping: 'dict',
  List: 'list', 'typing.List': 'list', Sequence: 'list', 'typing.Sequence': 'list',
  Tuple: 'tuple', 'typing.Tuple': 'tuple', Set: 'set', 'typing.Set': 'set', FrozenSet: 'set',
  Text: 'str', 'typing.Text': 'str',
  'pandas.core.frame.DataFrame': 'pandas.DataFrame', 'pandas.core.series.Series': 'pandas.Series',
  'polars.dataframe.frame.DataFrame': 'polars.DataFrame', 'polars.lazyframe.frame.LazyFrame': 'polars.LazyFrame',
  'pyspark.sql.dataframe.DataFrame': 'pyspark.sql.DataFrame',
  'plotly.graph_objs.Figure': 'plotly.graph_objects.Figure', 'plotly.graph_objs._figure.Figure': 'plotly.graph_objects.Figure',
  'matplotlib.pyplot.Figure': 'matplotlib.figure.Figure',
  'numpy.typing.NDArray': 'numpy.ndarray',
};

const ANY_NAMES = new Set(['Any', 'typing.Any', 'object', 'typing_extensions.Any']);

/** Classes whose mutual incompatibility is certain (different concrete data containers and builtins). */
export const KNOWN_CLASSES = new Set([
  'pandas.DataFrame', 'pandas.Series', 'polars.DataFrame', 'polars.LazyFrame', 'pyspark.sql.DataFrame', 'dask.dataframe.DataFrame',
  'dict', 'list', 'tuple', 'set', 'str', 'int', 'float', 'bool', 'bytes', 'numpy.ndarray',
  'matplotlib.figure.Figure', 'plotly.graph_objects.Figure', 'networkx.Graph', 'PIL.Image.Image', 'geopandas.GeoDataFrame',
  'ibis.expr.types.Table', 'snowflake.snowpark.DataFrame', 'delta.tables.DeltaTable',
  'datetime.date', 'datetime.datetime',
]);

/**
 * Parses an annotation string. `qualify` maps the first segment of a dotted name through the module's imports
 * (`pd` → `pandas`, `DataFrame` → `pandas.DataFrame`); undefined when the name is not imported.
 */
export function parseAnnotation(text: string, qualify: (name: string) => string | undefined): PyType {
  const t = text.trim().replace(/^["']|["']$/g, '');
  if (!t) return { kind: 'any' };
  const union = splitTopLevelOn(t, '|');
  if (union.length > 1) return makeUnion(union.map((u) => parseAnnotation(u, qualify)));
  const m = /^([\w.]+)\s*(?:\[(.*)\])?$/s.exec(t);
  if (!m) return { kind: 'opaque', text: t };
  const rawName = m[1] as string;
  const args = m[2] !== undefined ? splitTopLevel(m[2]).map((a) => parseAnnotation(a, qualify)) : [];
  if (rawName === 'None' || rawName === 'NoneType') return { kind: 'none' };
  const head = rawName.split('.')[0] as string;
  const q = qualify(head);
  const full = q ? `${q}${rawName.slice(head.length)}` : rawName;
  const name = ALIASES[full] ?? ALIASES[rawName] ?? full;
  if (ANY_NAMES.has(name) || ANY_NAMES.has(rawName)) return { kind: 'any' };
  if (name === 'Optional' || name === 'typing.Optional') return makeUnion([args[0] ?? { kind: 'any' }, { kind: 'none' }]);
  if (name === 'Union' || name === 'typing.Union') return makeUnion(args);
  if (name === 'Annotated' || name === 'typing.Annotated') return args[0] ?? { kind: 'any' };
  // TypedDict key qualifiers: the value's type is the argument.
  if (/^(typing(_extensions)?\.)?(Required|NotRequired|ReadOnly)$/.test(name)) return args[0] ?? { kind: 'any' };
  if (KNOWN_CLASSES.has(name)) return { kind: 'class', name, args, text: t };
  // A bare builtin shadowed by nothing, or a library/project class we cannot relate to others.
  return { kind: 'opaque', text: t };
}

function makeUnion(items: readonly PyType[]): PyType {
  const flat = items.flatMap((i) => (i.kind === 'union' ? i.items : [i]));
  return flat.some((i) => i.kind === 'any') ? { kind: 'any' } : { kind: 'union', items: flat };
}

/** Splits at `sep` outside brackets and parentheses. */
function splitTopLevelOn(s: string, sep: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (ch === '[' || ch === '(') depth++;
    else if (ch === ']' || ch === ')') depth--;
    if (ch === sep && depth === 0) {
      out.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  out.push(cur.trim());
  return out;
}

/** Does a value of class `provided` fit `expected`? False only when provably not. */
export function fits(provided: string, expected: PyType): boolean {
  switch (expected.kind) {
    case 'any':
    case 'opaque':
      return true;
    case 'none':
      return provided === 'None';
    case 'union':
      return expected.items.some((i) => fits(provided, i));
    case 'class': {
      if (provided === 'Any' || (!KNOWN_CLASSES.has(provided) && provided !== 'None') || !KNOWN_CLASSES.has(expected.name)) return true;
      if (provided === expected.name) return true;
      // Python's numeric tower: bool ⊂ int ⊂ float.
      if (expected.name === 'float' && (provided === 'int' || provided === 'bool')) return true;
      if (expected.name === 'int' && provided === 'bool') return true;
      if (expected.name === 'list' && provided === 'tuple') return true;
      if (expected.name === 'datetime.date' && provided === 'datetime.datetime') return true;
      return false;
    }
  }
}

/** The library (or builtin kind) a known class belongs to: classes of one family are often used for one another. */
const FAMILY: Readonly<Record<string, string>> = {
  'pandas.DataFrame': 'pandas', 'pandas.Series': 'pandas', 'geopandas.GeoDataFrame': 'pandas',
  'polars.DataFrame': 'polars', 'polars.LazyFrame': 'polars',
  dict: 'mapping', list: 'sequence', tuple: 'sequence', set: 'sequence',
  int: 'number', float: 'number', bool: 'number',
  'datetime.date': 'datetime', 'datetime.datetime': 'datetime',
};
const familyOf = (name: string): string => FAMILY[name] ?? name;
const BUILTIN_COLLECTIONS = new Set(['mapping', 'sequence']);
const LIBRARY = (family: string): boolean => !['mapping', 'sequence', 'number', 'str', 'bytes', 'None', 'datetime'].includes(family);

/** How a value of class `provided` relates to `expected`. */
export type Conflict = 'fits' | 'nit' | 'provable';
const rank: Record<Conflict, number> = { fits: 0, nit: 1, provable: 2 };
/** The mildest of several verdicts (one fitting alternative is enough). */
export const mildest = (cs: readonly Conflict[]): Conflict => cs.reduce<Conflict>((a, b) => (rank[b] < rank[a] ? b : a), 'provable');

/**
 * `fits`, refined: a mismatch between classes of one family (pandas Series vs DataFrame, list vs tuple, int vs float), or
 * an annotation that names a builtin collection where a library class flows (`dict`/`Dict[str, pd.DataFrame]` for a
 * DataFrame, `tuple[...]` on one output), or one builtin collection for another (list vs dict), is an annotation nit code
 * often survives, as is an ndarray annotation where a pandas object flows (numpy takes array-likes); different libraries
 * (polars vs pandas, Figure vs DataFrame) or scalar kinds (str vs float) are provable. `annotated` says which side is only an
 * annotation (the other is what a dataset or YAML value really is).
 */
export function conflict(provided: string, expected: PyType, annotated: 'provided' | 'expected' | 'both'): Conflict {
  if (fits(provided, expected)) return 'fits';
  if (expected.kind === 'union') return mildest(expected.items.map((i) => conflict(provided, i, annotated)));
  if (expected.kind !== 'class') return 'provable';
  const a = familyOf(provided);
  const b = familyOf(expected.name);
  if (a === b) return 'nit';
  // Code written for one builtin collection mostly iterates, which the other supports too (a YAML list annotated dict).
  if (BUILTIN_COLLECTIONS.has(a) && BUILTIN_COLLECTIONS.has(b)) return 'nit';
  const looseAnnotation = (side: string, other: string): boolean => BUILTIN_COLLECTIONS.has(side) && LIBRARY(other);
  if (annotated !== 'expected' && looseAnnotation(a, b)) return 'nit';
  if (annotated !== 'provided' && looseAnnotation(b, a)) return 'nit';
  // pandas objects are array-likes numpy accepts (`__array__`): code annotated for an ndarray mostly survives one.
  if (annotated !== 'provided' && a === 'pandas' && b === 'numpy.ndarray') return 'nit';
  return 'provable';
}

/** `tuple[A, B]` → [A, B] for positional outputs; undefined when not a fixed tuple. */
export function tupleItems(t: PyType): readonly PyType[] | undefined {
  if (t.kind !== 'class' || t.name !== 'tuple' || t.args.length === 0) return undefined;
  if (t.args.some((a) => a.kind === 'opaque' && a.text === '...')) return undefined;
  return t.args;
}

export function typeText(t: PyType): string {
  switch (t.kind) {
    case 'any':
      return 'Any';
    case 'none':
      return 'None';
    case 'class':
    case 'opaque':
      return t.text;
    case 'union':
      return t.items.map(typeText).join(' | ');
  }
}

export const classType = (name: string): PyType => ({ kind: 'class', name, args: [], text: name });
