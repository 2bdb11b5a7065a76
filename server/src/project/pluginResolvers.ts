/**
 * OmegaConf resolvers that Kedro plugins register from their hooks, which Kedro registers for every installed plugin
 * (entry point `kedro.hooks`) unless settings.py lists it in DISABLE_HOOKS_FOR_PLUGINS. They are registered in
 * `after_context_created`, before the catalog and parameters are loaded, so `${pa.python:...}` resolves.
 */
export const PLUGIN_RESOLVERS: Readonly<Record<string, readonly string[]>> = {
  // kedro_pandera/framework/hooks/pandera_hook.py: context.config_loader._register_new_resolvers({...})
  'kedro-pandera': ['pa.dict', 'pa.yaml', 'pa.python'],
};

/** Which of `names` (plugin distributions) a dependency file names: a requirement, a pyproject dependency, a lock entry. */
export function pluginsNamedIn(names: readonly string[], texts: Iterable<string>): string[] {
  const out = new Set<string>();
  for (const text of texts) {
    for (const name of names) {
      if (new RegExp(`(^|[^\\w-])${name.replace('-', '[-_]')}(?![\\w-])`, 'im').test(text)) out.add(name);
    }
  }
  return [...out].sort();
}

/** The plugins of PLUGIN_RESOLVERS that a dependency file names. */
export const resolverPluginsIn = (texts: Iterable<string>): string[] => pluginsNamedIn(Object.keys(PLUGIN_RESOLVERS), texts);

/** Resolvers the project's installed plugins register, without those settings.py disables. */
export function pluginResolvers(plugins: readonly string[], disabled: readonly string[]): Set<string> {
  const off = new Set(disabled.map((d) => d.toLowerCase().replace(/_/g, '-')));
  return new Set(plugins.filter((p) => !off.has(p)).flatMap((p) => PLUGIN_RESOLVERS[p] ?? []));
}
