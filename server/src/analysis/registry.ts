import type { Rule } from './rule';
import { datasetNotFound } from './rules/kl001DatasetNotFound';
import { namespacedInput } from './rules/kl003NamespacedInput';
import { catalogCallNotFound } from './rules/kl004CatalogCallNotFound';
import { memoryOnlyFreeInput } from './rules/kl002MemoryOnlyFreeInput';
import { duplicateOutput } from './rules/kl010DuplicateOutput';
import { cycle } from './rules/kl011Cycle';
import { duplicateNodeName } from './rules/kl012DuplicateNodeName';
import { transcoding } from './rules/kl013Transcoding';
import { parameterOutput } from './rules/kl014ParameterOutput';
import { missingPipeline } from './rules/kl015MissingPipeline';
import { notAPipeline } from './rules/kl016NotAPipeline';
import { nodeSignature } from './rules/kl020NodeSignature';
import { nodeOutputs } from './rules/kl021NodeOutputs';
import { invalidNodeName } from './rules/kl022InvalidNodeName';
import { datasetTypeMismatch } from './rules/kl030DatasetTypeMismatch';
import { memoryTypeMismatch } from './rules/kl031MemoryTypeMismatch';
import { unsupportedOperation } from './rules/kl032UnsupportedOperation';
import { nodeIoConflict } from './rules/kl023NodeInputOutputConflict';
import { unknownDatasetType } from './rules/kl101UnknownDatasetType';
import { datasetArguments } from './rules/kl102DatasetArguments';
import { invalidCatalogEntry } from './rules/kl103InvalidCatalogEntry';
import { credentialsNotFound } from './rules/kl104CredentialsNotFound';
import { versionedUnsupported } from './rules/kl105VersionedUnsupported';
import { datasetFactory } from './rules/kl106DatasetFactory';
import { unusedCatalogEntry } from './rules/kl110UnusedCatalogEntry';
import { missingInputFile } from './rules/kl111MissingInputFile';
import { selectivePipelineLoading } from './rules/kl040SelectivePipelineLoading';
import { layerOrder } from './rules/kl112LayerOrder';
import { parameterNotFound } from './rules/kl201ParameterNotFound';
import { parameterType } from './rules/kl202ParameterType';
import { parameterModel } from './rules/kl203ParameterModel';
import { hookSpec } from './rules/kl300HookSpec';
import { hookRegistration } from './rules/kl301HookRegistration';
import { configSyntax } from './rules/kl900ConfigSyntax';
import { projectMetadata } from './rules/kl901ProjectMetadata';
import { duplicateConfigKey } from './rules/kl902DuplicateConfigKey';
import { configLoaderArgs } from './rules/kl903ConfigLoaderArgs';
import { missingEnvironment } from './rules/kl904MissingEnvironment';
import { interpolation } from './rules/kl905Interpolation';
import { skippedFile } from './rules/kl906SkippedFile';
import { outsideWorkspace } from './rules/kl907OutsideWorkspace';
import { notAnalysed } from './rules/kl909NotAnalysed';
import { projectConfig } from './rules/kl911ProjectConfig';
import { configLoaderSetup } from './rules/kl912ConfigLoaderSetup';
import { unusedSuppression } from './rules/kl910UnusedSuppression';

/** Every rule, in code order. */
export const RULES: readonly Rule[] = [
  datasetNotFound,
  memoryOnlyFreeInput,
  namespacedInput,
  catalogCallNotFound,
  duplicateOutput,
  cycle,
  duplicateNodeName,
  transcoding,
  parameterOutput,
  missingPipeline,
  notAPipeline,
  nodeSignature,
  nodeOutputs,
  invalidNodeName,
  nodeIoConflict,
  datasetTypeMismatch,
  memoryTypeMismatch,
  unsupportedOperation,
  selectivePipelineLoading,
  unknownDatasetType,
  datasetArguments,
  invalidCatalogEntry,
  credentialsNotFound,
  versionedUnsupported,
  datasetFactory,
  unusedCatalogEntry,
  missingInputFile,
  layerOrder,
  parameterNotFound,
  parameterType,
  parameterModel,
  hookSpec,
  hookRegistration,
  configSyntax,
  projectMetadata,
  duplicateConfigKey,
  configLoaderArgs,
  missingEnvironment,
  interpolation,
  skippedFile,
  outsideWorkspace,
  notAnalysed,
  unusedSuppression,
  projectConfig,
  configLoaderSetup,
];
