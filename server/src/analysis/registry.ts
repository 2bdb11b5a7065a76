import type { Rule } from './rule';
import { datasetNotFound } from './rules/kl001DatasetNotFound';
import { namespacedInput } from './rules/kl003NamespacedInput';
import { unknownDatasetType } from './rules/kl101UnknownDatasetType';
import { datasetArguments } from './rules/kl102DatasetArguments';
import { invalidCatalogEntry } from './rules/kl103InvalidCatalogEntry';
import { credentialsNotFound } from './rules/kl104CredentialsNotFound';
import { versionedUnsupported } from './rules/kl105VersionedUnsupported';
import { datasetFactory } from './rules/kl106DatasetFactory';
import { parameterNotFound } from './rules/kl201ParameterNotFound';
import { configSyntax } from './rules/kl900ConfigSyntax';
import { projectMetadata } from './rules/kl901ProjectMetadata';
import { duplicateConfigKey } from './rules/kl902DuplicateConfigKey';
import { notAnalysed } from './rules/kl909NotAnalysed';

/** Every rule, in code order. */
export const RULES: readonly Rule[] = [
  datasetNotFound,
  namespacedInput,
  unknownDatasetType,
  datasetArguments,
  invalidCatalogEntry,
  credentialsNotFound,
  versionedUnsupported,
  datasetFactory,
  parameterNotFound,
  configSyntax,
  projectMetadata,
  duplicateConfigKey,
  notAnalysed,
];
