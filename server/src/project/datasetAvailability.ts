import { intersect, isEmpty, parseVersion, type Version, type VersionRange } from './versions';

// Which catalog `type:` names exist in which release, read from the kedro and kedro-plugins sources at every tag
// (kedro 0.18.0–1.5.0, kedro-datasets 1.0.0–9.6.0; see docs/kedro-versions.md). Each span is
// <provider><first release>-<first release without it>; D = kedro_datasets (kedro-datasets versions),
// X = kedro.extras.datasets and I = kedro.io (kedro versions). kedro_datasets_experimental names are not listed:
// they are always written as a full path and not checked. kedro.extras.datasets was read at the 0.17.0–0.17.7 tags too:
// the classes added in 0.17.4–0.17.6 start there, the two 0.18.0 dropped end there, and those 0.18.0 added are below.
const TABLE: readonly (readonly [string, string])[] = [
  ['api.APIDataSet', 'D1.0.0-2.0.0 X0.18.0-0.19.0'],
  ['api.APIDataset', 'D1.7.1-'],
  ['biosequence.BioSequenceDataSet', 'D1.0.0-2.0.0 X0.18.0-0.19.0'],
  ['biosequence.BioSequenceDataset', 'D1.7.1-'],
  ['CachedDataSet', 'I0.18.0-0.19.0'],
  ['CachedDataset', 'I0.18.11-'],
  ['dask.CSVDataset', 'D4.0.0-'],
  ['dask.ParquetDataSet', 'D1.0.0-2.0.0 X0.18.0-0.19.0'],
  ['dask.ParquetDataset', 'D1.7.1-'],
  ['databricks.ManagedTableDataSet', 'D1.3.0-2.0.0'],
  ['databricks.ManagedTableDataset', 'D1.7.1-'],
  ['email.EmailMessageDataSet', 'D1.0.0-2.0.0 X0.18.0-0.19.0'],
  ['email.EmailMessageDataset', 'D1.7.1-'],
  ['geopandas.GenericDataset', 'D5.0.0-'],
  ['geopandas.GeoJSONDataSet', 'D1.0.0-2.0.0 X0.18.0-0.19.0'],
  ['geopandas.GeoJSONDataset', 'D1.7.1-5.0.0'],
  ['holoviews.HoloviewsWriter', 'D1.0.0- X0.18.0-0.19.0'],
  ['huggingface.ArrowDataset', 'D9.4.0-'],
  ['huggingface.CSVDataset', 'D9.4.0-'],
  ['huggingface.HFDataset', 'D2.0.0-'],
  ['huggingface.HFTransformerPipelineDataset', 'D2.0.0-'],
  ['huggingface.JSONDataset', 'D9.4.0-'],
  ['huggingface.ParquetDataset', 'D9.4.0-'],
  ['ibis.FileDataset', 'D5.1.0-'],
  ['ibis.TableDataset', 'D3.0.0-'],
  ['IncrementalDataSet', 'I0.18.0-0.19.0'],
  ['IncrementalDataset', 'I0.18.11-0.19.0'],
  ['json.JSONDataSet', 'D1.0.0-2.0.0 X0.18.0-0.19.0'],
  ['json.JSONDataset', 'D1.7.1-'],
  ['LambdaDataSet', 'I0.18.0-0.19.0'],
  ['LambdaDataset', 'I0.18.11-1.0.0'],
  ['langchain.ChatAnthropicDataset', 'D9.0.0-'],
  ['langchain.ChatCohereDataset', 'D9.0.0-'],
  ['langchain.ChatOpenAIDataset', 'D9.0.0-'],
  ['langchain.OpenAIEmbeddingsDataset', 'D9.0.0-'],
  ['matlab.MatlabDataset', 'D2.1.0-'],
  ['matplotlib.MatplotlibDataset', 'D7.0.0-'],
  ['matplotlib.MatplotlibWriter', 'D1.0.0-9.0.0 X0.18.0-0.19.0'],
  ['MemoryDataSet', 'I0.18.0-0.19.0'],
  ['MemoryDataset', 'I0.18.11-'],
  ['netcdf.NetCDFDataset', 'D3.0.0-4.0.0'],
  ['networkx.GMLDataSet', 'D1.0.0-2.0.0 X0.18.0-0.19.0'],
  ['networkx.GMLDataset', 'D1.7.1-'],
  ['networkx.GraphMLDataSet', 'D1.0.0-2.0.0 X0.18.0-0.19.0'],
  ['networkx.GraphMLDataset', 'D1.7.1-'],
  ['networkx.JSONDataSet', 'D1.0.0-2.0.0 X0.18.0-0.19.0'],
  ['networkx.JSONDataset', 'D1.7.1-'],
  ['networkx.NetworkXDataSet', 'X0.17.0-0.18.0'],
  ['openxml.DocxDataset', 'D8.0.0-'],
  ['openxml.PptxDataset', 'D9.0.0-'],
  ['pandas.AppendableExcelDataSet', 'X0.17.0-0.18.0'],
  ['pandas.CSVDataSet', 'D1.0.0-2.0.0 X0.18.0-0.19.0'],
  ['pandas.CSVDataset', 'D1.7.1-'],
  ['pandas.DeltaTableDataSet', 'D1.5.0-2.0.0'],
  ['pandas.DeltaTableDataset', 'D1.7.1-'],
  ['pandas.ExcelDataSet', 'D1.0.0-2.0.0 X0.18.0-0.19.0'],
  ['pandas.ExcelDataset', 'D1.7.1-'],
  ['pandas.FeatherDataSet', 'D1.0.0-2.0.0 X0.18.0-0.19.0'],
  ['pandas.FeatherDataset', 'D1.7.1-'],
  ['pandas.GBQQueryDataSet', 'D1.0.0-2.0.0 X0.17.6-0.19.0'],
  ['pandas.GBQQueryDataset', 'D1.7.1-'],
  ['pandas.GBQTableDataSet', 'D1.0.0-2.0.0 X0.18.0-0.19.0'],
  ['pandas.GBQTableDataset', 'D1.7.1-'],
  ['pandas.GenericDataSet', 'D1.0.0-2.0.0 X0.17.6-0.19.0'],
  ['pandas.GenericDataset', 'D1.7.1-'],
  ['pandas.HDFDataSet', 'D1.0.0-2.0.0 X0.18.0-0.19.0'],
  ['pandas.HDFDataset', 'D1.7.1-'],
  ['pandas.JSONDataSet', 'D1.0.0-2.0.0 X0.18.0-0.19.0'],
  ['pandas.JSONDataset', 'D1.7.1-'],
  ['pandas.ParquetDataSet', 'D1.0.0-2.0.0 X0.18.0-0.19.0'],
  ['pandas.ParquetDataset', 'D1.7.1-'],
  ['pandas.SQLQueryDataSet', 'D1.0.0-2.0.0 X0.18.0-0.19.0'],
  ['pandas.SQLQueryDataset', 'D1.7.1-'],
  ['pandas.SQLTableDataSet', 'D1.0.0-2.0.0 X0.18.0-0.19.0'],
  ['pandas.SQLTableDataset', 'D1.7.1-'],
  ['pandas.XMLDataSet', 'D1.0.0-2.0.0 X0.18.0-0.19.0'],
  ['pandas.XMLDataset', 'D1.7.1-'],
  ['PartitionedDataSet', 'I0.18.0-0.19.0'],
  ['PartitionedDataset', 'I0.18.11-0.19.0'],
  ['partitions.IncrementalDataset', 'D1.8.0-'],
  ['partitions.PartitionedDataset', 'D1.8.0-'],
  ['pickle.PickleDataSet', 'D1.0.0-2.0.0 X0.18.0-0.19.0'],
  ['pickle.PickleDataset', 'D1.7.1-'],
  ['pillow.ImageDataSet', 'D1.0.0-2.0.0 X0.18.0-0.19.0'],
  ['pillow.ImageDataset', 'D1.7.1-'],
  ['plotly.HTMLDataset', 'D5.0.0-'],
  ['plotly.JSONDataSet', 'D1.0.0-2.0.0 X0.17.6-0.19.0'],
  ['plotly.JSONDataset', 'D1.7.1-'],
  ['plotly.PlotlyDataSet', 'D1.0.0-2.0.0 X0.17.4-0.19.0'],
  ['plotly.PlotlyDataset', 'D1.7.1-'],
  ['polars.CSVDataSet', 'D1.1.0-2.0.0'],
  ['polars.CSVDataset', 'D1.7.1-'],
  ['polars.EagerPolarsDataset', 'D1.8.0-'],
  ['polars.GenericDataSet', 'D1.7.0-2.0.0'],
  ['polars.GenericDataset', 'D1.7.1-2.0.0'],
  ['polars.LazyPolarsDataset', 'D1.8.0-'],
  ['redis.PickleDataSet', 'D1.0.0-2.0.0 X0.18.0-0.19.0'],
  ['redis.PickleDataset', 'D1.7.1-'],
  ['SharedMemoryDataset', 'I0.19.0-'],
  ['snowflake.SnowparkTableDataSet', 'D1.1.0-2.0.0'],
  ['snowflake.SnowparkTableDataset', 'D1.7.1-'],
  ['spark.DeltaTableDataSet', 'D1.0.0-2.0.0 X0.17.6-0.19.0'],
  ['spark.DeltaTableDataset', 'D1.7.1-'],
  ['spark.GBQQueryDataset', 'D8.0.0-'],
  ['spark.SparkDataSet', 'D1.0.0-2.0.0 X0.18.0-0.19.0'],
  ['spark.SparkDataset', 'D1.7.1-'],
  ['spark.SparkHiveDataSet', 'D1.0.0-2.0.0 X0.18.0-0.19.0'],
  ['spark.SparkHiveDataset', 'D1.7.1-'],
  ['spark.SparkJDBCDataSet', 'D1.0.0-2.0.0 X0.18.0-0.19.0'],
  ['spark.SparkJDBCDataset', 'D1.7.1-'],
  ['spark.SparkStreamingDataSet', 'D1.4.0-2.0.0'],
  ['spark.SparkStreamingDataset', 'D1.7.1-'],
  ['svmlight.SVMLightDataSet', 'D1.0.0-2.0.0 X0.18.4-0.19.0'],
  ['svmlight.SVMLightDataset', 'D1.7.1-'],
  ['tensorflow.TensorFlowModelDataSet', 'D1.3.0-2.0.0'],
  ['tensorflow.TensorFlowModelDataset', 'D1.0.0-1.3.0 D1.7.1- X0.18.0-0.19.0'],
  ['text.TextDataSet', 'D1.0.0-2.0.0 X0.18.0-0.19.0'],
  ['text.TextDataset', 'D1.7.1-'],
  ['tracking.JSONDataSet', 'D1.0.0-2.0.0 X0.17.5-0.19.0'],
  ['tracking.JSONDataset', 'D1.7.1-7.0.0'],
  ['tracking.MetricsDataSet', 'D1.0.0-2.0.0 X0.17.5-0.19.0'],
  ['tracking.MetricsDataset', 'D1.7.1-7.0.0'],
  ['video.VideoDataSet', 'D1.0.0-2.0.0 X0.18.4-0.19.0'],
  ['video.VideoDataset', 'D1.7.1-6.0.0'],
  ['yaml.YAMLDataSet', 'D1.0.0-2.0.0 X0.18.0-0.19.0'],
  ['yaml.YAMLDataset', 'D1.7.1-'],
];

export type Provider = 'D' | 'X' | 'I';
export interface Span {
  readonly provider: Provider;
  readonly from: string;
  /** The first release without it; undefined while it still exists. */
  readonly removedIn: string | undefined;
}

export const AVAILABILITY: ReadonlyMap<string, readonly Span[]> = new Map(
  TABLE.map(([name, spans]) => [
    name,
    spans.split(' ').map((s) => {
      const [from, removedIn] = s.slice(1).split('-');
      return { provider: s[0] as Provider, from: from as string, removedIn: removedIn || undefined };
    }),
  ]),
);

/** Module groups of kedro-datasets and kedro.extras (`pandas`, `tracking`, …): names in them can be proven wrong. */
export const DATASET_GROUPS: ReadonlySet<string> = new Set([...AVAILABILITY.keys()].filter((k) => k.includes('.')).map((k) => k.split('.')[0] as string));

/** The Kedro and kedro-datasets releases a project may run with. */
export interface DatasetVersions {
  readonly kedro: VersionRange;
  readonly datasets: VersionRange;
}

/**
 * Whether `name` (as resolved: `pandas.CSVDataSet`, `MemoryDataset`) names a class in some release the project may
 * use. `prefix` is the package the catalog spelt out (`kedro_datasets.`), which limits where Kedro looks.
 */
export function existsIn(name: string, versions: DatasetVersions, prefix?: 'kedro.io' | 'kedro_datasets' | 'kedro.extras.datasets'): boolean {
  const spans = AVAILABILITY.get(name);
  if (!spans) return false;
  // Asked for every catalog entry on every pass with the same few ranges: answers are kept per range object.
  let answers = answersFor.get(versions);
  if (!answers) answersFor.set(versions, (answers = new Map()));
  const key = `${prefix ?? ''}|${name}`;
  let answer = answers.get(key);
  if (answer === undefined) answers.set(key, (answer = computeExists(name, spans, versions, prefix)));
  return answer;
}

const answersFor = new WeakMap<DatasetVersions, Map<string, boolean>>();

function computeExists(name: string, spans: readonly Span[], versions: DatasetVersions, prefix: 'kedro.io' | 'kedro_datasets' | 'kedro.extras.datasets' | undefined): boolean {
  return spans.some((s) => {
    const until = s.removedIn;
    switch (s.provider) {
      case 'I':
        return (!prefix || prefix === 'kedro.io') && overlapsBefore(versions.kedro, earliest(name, s), until);
      case 'X':
        return (!prefix || prefix === 'kedro.extras.datasets') && overlapsBefore(versions.kedro, earliest(name, s), until);
      case 'D':
        // A bare group.Class reaches kedro_datasets from Kedro 0.18.4 on.
        return (!prefix ? overlapsBefore(versions.kedro, '0.18.4', undefined) : prefix === 'kedro_datasets') && overlapsBefore(versions.datasets, s.from, until);
    }
  });
}

// kedro.extras.datasets classes that 0.18.0 added (diff of the 0.17.7 and 0.18.0 trees): not in any 0.17 release.
const NEW_IN_0_18_0: ReadonlySet<string> = new Set(['networkx.GMLDataSet', 'networkx.GraphMLDataSet', 'networkx.JSONDataSet', 'pandas.XMLDataSet', 'redis.PickleDataSet']);

// Any other span from 0.18.0 is a class every release before it had too (0.17.0 = 0.16.6 there).
const earliest = (name: string, s: Span): string => (s.from === '0.18.0' && !(s.provider === 'X' && NEW_IN_0_18_0.has(name)) ? '0' : s.from);

/** Some version of `range` lies in [from, removedIn). */
function overlapsBefore(range: VersionRange, from: string, removedIn: string | undefined): boolean {
  const min = parseVersion(from) as Version;
  const max = removedIn ? parseVersion(removedIn) : undefined;
  return !isEmpty(intersect(range, { min, ...(max ? { max } : {}) }));
}
