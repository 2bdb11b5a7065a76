import type { Rule } from './rule';
import { datasetNotFound } from './rules/kl001DatasetNotFound';
import { namespacedInput } from './rules/kl003NamespacedInput';
import { parameterNotFound } from './rules/kl201ParameterNotFound';
import { configSyntax } from './rules/kl900ConfigSyntax';
import { projectMetadata } from './rules/kl901ProjectMetadata';
import { notAnalysed } from './rules/kl909NotAnalysed';

/** Every rule, in code order. */
export const RULES: readonly Rule[] = [datasetNotFound, namespacedInput, parameterNotFound, configSyntax, projectMetadata, notAnalysed];
