import type { Rule } from './rule';
import { datasetNotFound } from './rules/kl001DatasetNotFound';
import { parameterNotFound } from './rules/kl201ParameterNotFound';
import { configSyntax } from './rules/kl900ConfigSyntax';
import { projectMetadata } from './rules/kl901ProjectMetadata';

/** Every rule, in code order. */
export const RULES: readonly Rule[] = [datasetNotFound, parameterNotFound, configSyntax, projectMetadata];
