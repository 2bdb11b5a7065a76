import { distance } from 'fastest-levenshtein';
import { AVAILABILITY, DATASET_GROUPS, existsIn, type DatasetVersions } from './datasetAvailability';
import { ANY_VERSION } from './versions';

/**
 * Dataset classes Kedro resolves from a catalog `type:` (kedro.io + kedro-datasets 9.x), with what `load()` returns,
 * what `save()` accepts, required constructor arguments and whether `versioned: true` is allowed.
 * Python types are normalised dotted names (`pandas.DataFrame`); `Any` accepts everything.
 */
export interface DatasetTypeInfo {
  /** Short form as written in catalogs (`pandas.CSVDataset`, `MemoryDataset`). */
  readonly short: string;
  /** `undefined` = load() unsupported (save-only dataset). */
  readonly load: readonly string[] | undefined;
  /** `undefined` = save() unsupported (load-only dataset). */
  readonly save: readonly string[] | undefined;
  /** Each inner list is a set of alternatives, one of which must be present (`[['filepath']]`). */
  readonly required: readonly (readonly string[])[];
  readonly versioned: boolean;
  /** Arguments the class does not accept although users often write them. */
  readonly rejects?: readonly string[];
  /** The loaded value is not the data itself (PartitionedDataset returns loaders). */
  readonly note?: string;
}

const PD = ['pandas.DataFrame'];
const PL = ['polars.DataFrame'];
const SPARK = ['pyspark.sql.DataFrame'];
const ANY = ['Any'];
const FILE: readonly (readonly string[])[] = [['filepath']];

const T = (short: string, load: readonly string[] | undefined, save: readonly string[] | undefined, required: readonly (readonly string[])[], versioned: boolean, extra: Partial<DatasetTypeInfo> = {}): DatasetTypeInfo => ({
  short,
  load,
  save,
  required,
  versioned,
  ...extra,
});

export const DATASET_TYPES: readonly DatasetTypeInfo[] = [
  T('MemoryDataset', ANY, ANY, [], false),
  T('CachedDataset', ANY, ANY, [['dataset']], false),
  T('SharedMemoryDataset', ANY, ANY, [], false),
  T('pandas.CSVDataset', PD, PD, FILE, true),
  T('pandas.ParquetDataset', PD, PD, FILE, true),
  T('pandas.ExcelDataset', [...PD, 'dict'], [...PD, 'dict'], FILE, true),
  T('pandas.JSONDataset', PD, PD, FILE, true),
  T('pandas.FeatherDataset', PD, PD, FILE, true),
  T('pandas.HDFDataset', PD, PD, [['filepath'], ['key']], true),
  T('pandas.XMLDataset', PD, PD, FILE, true),
  T('pandas.GenericDataset', PD, PD, [['filepath'], ['file_format']], true),
  T('pandas.SQLTableDataset', PD, PD, [['table_name'], ['credentials']], false),
  T('pandas.SQLQueryDataset', PD, undefined, [['sql', 'filepath'], ['credentials']], false),
  T('pandas.GBQTableDataset', PD, PD, [['dataset'], ['table_name']], false),
  T('pandas.GBQQueryDataset', PD, undefined, [['sql', 'filepath']], false),
  T('pandas.DeltaTableDataset', PD, PD, [['filepath', 'catalog_type']], false),
  T('polars.CSVDataset', PL, PL, FILE, true),
  T('polars.EagerPolarsDataset', PL, PL, [['filepath'], ['file_format']], true),
  T('polars.LazyPolarsDataset', ['polars.LazyFrame'], [...PL, 'polars.LazyFrame'], [['filepath'], ['file_format']], true),
  T('dask.CSVDataset', ['dask.dataframe.DataFrame'], ['dask.dataframe.DataFrame'], FILE, false),
  T('dask.ParquetDataset', ['dask.dataframe.DataFrame'], ['dask.dataframe.DataFrame'], FILE, false),
  T('spark.SparkDataset', SPARK, SPARK, FILE, true),
  T('spark.SparkDatasetV2', SPARK, [...SPARK, ...PD], FILE, true),
  T('spark.SparkHiveDataset', SPARK, SPARK, [['database'], ['table']], false),
  T('spark.SparkJDBCDataset', SPARK, SPARK, [['table']], false),
  T('spark.SparkStreamingDataset', SPARK, SPARK, [], false),
  T('spark.DeltaTableDataset', ['delta.tables.DeltaTable'], undefined, FILE, false),
  T('spark.GBQQueryDataset', SPARK, undefined, [['materialization_dataset']], false),
  T('databricks.ManagedTableDataset', [...SPARK, ...PD], [...SPARK, ...PD], [['table']], false),
  T('pickle.PickleDataset', ANY, ANY, FILE, true),
  T('json.JSONDataset', ANY, ['dict', 'list', 'str', 'int', 'float', 'bool', 'None'], FILE, true),
  // yaml.safe_load / yaml.dump: any YAML value, not only the dict its `_save(self, data: dict)` annotation names.
  T('yaml.YAMLDataset', ANY, ['dict', 'list', 'str', 'int', 'float', 'bool'], FILE, true),
  T('text.TextDataset', ['str'], ['str'], FILE, true),
  T('matplotlib.MatplotlibDataset', undefined, ['matplotlib.figure.Figure', 'list', 'dict'], FILE, true),
  T('plotly.JSONDataset', ['plotly.graph_objects.Figure'], ['plotly.graph_objects.Figure'], FILE, true),
  T('plotly.PlotlyDataset', ['plotly.graph_objects.Figure'], PD, [['filepath'], ['plotly_args']], true),
  T('plotly.HTMLDataset', undefined, ['plotly.graph_objects.Figure'], FILE, true),
  T('pillow.ImageDataset', ['PIL.Image.Image'], ['PIL.Image.Image'], FILE, true),
  T('tensorflow.TensorFlowModelDataset', ['tensorflow.keras.Model'], ['tensorflow.keras.Model'], FILE, true),
  T('partitions.PartitionedDataset', ['dict'], ['dict'], [['path'], ['dataset']], false, {
    rejects: ['filepath'],
    note: 'loads a dict of partition id → zero-argument loader functions, not the data',
  }),
  T('partitions.IncrementalDataset', ['dict'], ['dict'], [['path'], ['dataset']], false, { rejects: ['filepath'] }),
  T('networkx.JSONDataset', ['networkx.Graph'], ['networkx.Graph'], FILE, true),
  T('networkx.GMLDataset', ['networkx.Graph'], ['networkx.Graph'], FILE, true),
  T('networkx.GraphMLDataset', ['networkx.Graph'], ['networkx.Graph'], FILE, true),
  T('geopandas.GenericDataset', ['geopandas.GeoDataFrame', 'dict'], ['geopandas.GeoDataFrame'], FILE, true),
  T('api.APIDataset', ['requests.Response'], ANY, [['url']], false),
  T('biosequence.BioSequenceDataset', ['list'], ['list'], FILE, false),
  T('email.EmailMessageDataset', ['email.message.Message'], ['email.message.Message'], FILE, true),
  T('holoviews.HoloviewsWriter', undefined, ANY, FILE, true),
  T('huggingface.HFDataset', ANY, undefined, [['dataset_name']], false),
  T('huggingface.HFTransformerPipelineDataset', ['transformers.Pipeline'], undefined, [['task', 'model_name']], false),
  T('ibis.TableDataset', ['ibis.expr.types.Table'], ['ibis.expr.types.Table'], [['table_name']], false),
  T('ibis.FileDataset', ['ibis.expr.types.Table'], ['ibis.expr.types.Table'], FILE, true),
  T('matlab.MatlabDataset', ['numpy.ndarray'], ['numpy.ndarray'], FILE, true),
  T('svmlight.SVMLightDataset', ['tuple'], ['tuple'], FILE, true),
  T('redis.PickleDataset', ANY, ANY, [['key']], false),
  T('snowflake.SnowparkTableDataset', ['snowflake.snowpark.DataFrame'], ['snowflake.snowpark.DataFrame', ...PD], [['table_name']], false),
  T('openxml.DocxDataset', ANY, ANY, FILE, true),
  T('openxml.PptxDataset', ANY, ANY, FILE, true),
  T('langchain.ChatOpenAIDataset', ANY, undefined, [], false),
  T('langchain.ChatAnthropicDataset', ANY, undefined, [], false),
  T('langchain.ChatCohereDataset', ANY, undefined, [], false),
  T('langchain.OpenAIEmbeddingsDataset', ANY, undefined, [], false),
];

const BY_SHORT = new Map(DATASET_TYPES.map((t) => [t.short, t]));
const BY_LOWER = new Map(DATASET_TYPES.map((t) => [t.short.toLowerCase(), t]));

export type TypeResolution =
  | { readonly kind: 'known'; readonly info: DatasetTypeInfo }
  /** A class Kedro Lens does not know but cannot prove wrong (custom dotted path, experimental datasets). */
  | { readonly kind: 'opaque'; readonly path: string }
  | {
      readonly kind: 'unknown';
      /**
       * `dataset-spelling`: the other spelling (`DataSet`/`Dataset`) exists in the project's releases; `version`: the class
       * exists, but in no release the project may use; `not-found`: in no release at all.
       */
      readonly reason: 'not-found' | 'dataset-spelling' | 'version';
      readonly suggestions: readonly string[];
      /** For `version`: the releases that have it (`kedro-datasets 1.0.0–<2.0.0, kedro.extras (kedro 0.18.0–<0.19.0)`). */
      readonly availableIn?: string;
    };

const PREFIXES = ['kedro.io', 'kedro_datasets', 'kedro.extras.datasets'] as const;
const EVERY_RELEASE: DatasetVersions = { kedro: ANY_VERSION, datasets: ANY_VERSION };

/** The metadata of a class, whichever spelling (`CSVDataSet` loads what `CSVDataset` loads). */
const infoOf = (t: string): DatasetTypeInfo | undefined => BY_SHORT.get(t) ?? BY_SHORT.get(t.replace(/DataSet$/, 'Dataset')) ?? (t === 'matplotlib.MatplotlibWriter' ? BY_SHORT.get('matplotlib.MatplotlibDataset') : undefined);

function spansText(name: string): string {
  const where = { D: 'kedro-datasets', X: 'kedro.extras.datasets (kedro', I: 'kedro.io (kedro' } as const;
  return (AVAILABILITY.get(name) ?? []).map((s) => `${where[s.provider]} ${s.from}${s.removedIn ? `–<${s.removedIn}` : '+'}${s.provider === 'D' ? '' : ')'}`).join(', ');
}

/**
 * Resolves `type:` the way Kedro tries it (`kedro.io.T`, `kedro_datasets.T`, `kedro.extras.datasets.T` in 0.18, `T`),
 * accepting full module paths (`kedro_datasets.pandas.csv_dataset.CSVDataset`), for the releases the project may use:
 * a name is unknown only when no such release has it. Only names inside kedro-datasets groups can be proven wrong.
 */
export function resolveDatasetType(type: string, isProjectClass: (dotted: string) => boolean = () => false, versions: DatasetVersions = EVERY_RELEASE): TypeResolution {
  let t = type.trim();
  const prefix = PREFIXES.find((p) => t.startsWith(`${p}.`));
  if (prefix) t = t.slice(prefix.length + 1);
  const parts = t.split('.');
  // kedro_datasets.pandas.csv_dataset.CSVDataset → pandas.CSVDataset
  if (parts.length === 3 && DATASET_GROUPS.has(parts[0] as string)) t = `${parts[0]}.${parts[2]}`;
  const info = infoOf(t);
  if (existsIn(t, versions, prefix) || (info && !AVAILABILITY.has(t) && info.short === t)) return info ? { kind: 'known', info } : { kind: 'opaque', path: type };
  const group = t.includes('.') ? (t.split('.')[0] as string) : undefined;
  const isKedroName = !t.includes('.') || (group !== undefined && DATASET_GROUPS.has(group) && t.split('.').length === 2);
  if (!isKedroName || isProjectClass(type) || type.startsWith('kedro_datasets_experimental.')) return { kind: 'opaque', path: type };
  // Spellings of the same class that the project's releases have.
  const other = /DataSet$/.test(t) ? t.replace(/DataSet$/, 'Dataset') : /Dataset$/.test(t) ? t.replace(/Dataset$/, 'DataSet') : undefined;
  if (other && existsIn(other, versions, prefix)) return { kind: 'unknown', reason: 'dataset-spelling', suggestions: [other] };
  if (AVAILABILITY.has(t)) {
    const renamed = t === 'matplotlib.MatplotlibWriter' && existsIn('matplotlib.MatplotlibDataset', versions) ? ['matplotlib.MatplotlibDataset'] : [];
    return { kind: 'unknown', reason: 'version', suggestions: renamed, availableIn: spansText(t) };
  }
  const candidates = [...AVAILABILITY.keys()].filter((k) => existsIn(k, versions));
  const sameLetters = candidates.filter((s) => s.toLowerCase() === t.toLowerCase());
  if (sameLetters.length) return { kind: 'unknown', reason: 'not-found', suggestions: sameLetters };
  const lower = BY_LOWER.get(t.toLowerCase());
  if (lower && !candidates.length) return { kind: 'unknown', reason: 'not-found', suggestions: [lower.short] };
  return { kind: 'unknown', reason: 'not-found', suggestions: candidates.filter((s) => similar(s, t)).slice(0, 3) };
}

function similar(a: string, b: string): boolean {
  return Math.abs(a.length - b.length) <= 3 && distance(a.toLowerCase(), b.toLowerCase()) <= 3;
}
