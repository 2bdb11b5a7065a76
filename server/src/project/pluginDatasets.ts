import type { ConfFileRef } from './layout';
import { pluginsNamedIn } from './pluginResolvers';

/**
 * Datasets Kedro plugins add to every run's catalog from their hooks (Kedro registers the hooks of every installed
 * plugin, entry point `kedro.hooks`, unless settings.py lists it in DISABLE_HOOKS_FOR_PLUGINS). A plugin counts as
 * installed when a dependency file names it or the project holds the config file its own `init` command writes.
 */
export const PLUGIN_DATASETS: Readonly<Record<string, { readonly datasets: readonly string[]; readonly confFile: RegExp }>> = {
  // kedro_neptune: NeptuneHooks.after_catalog_created adds `neptune_run`; `kedro neptune init` writes conf/base/neptune.yml.
  'kedro-neptune': { datasets: ['neptune_run'], confFile: /^neptune\.ya?ml$/ },
};

/** The plugins of PLUGIN_DATASETS that a dependency file names. */
export const datasetPluginsIn = (texts: Iterable<string>): string[] => pluginsNamedIn(Object.keys(PLUGIN_DATASETS), texts);

/** Dataset names the project's installed plugins add, without those settings.py disables. */
export function pluginDatasets(named: readonly string[], confFiles: readonly ConfFileRef[], disabled: readonly string[]): string[] {
  const off = new Set(disabled.map((d) => d.toLowerCase().replace(/_/g, '-')));
  return Object.entries(PLUGIN_DATASETS)
    .filter(([name, p]) => !off.has(name) && (named.includes(name) || confFiles.some((f) => p.confFile.test(f.relPath))))
    .flatMap(([, p]) => p.datasets);
}
