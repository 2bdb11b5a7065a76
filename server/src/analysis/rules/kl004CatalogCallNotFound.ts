import type { Rule } from '../rule';
import { isParamName, matchingPattern, type ProjectModel } from '../../project/model';
import { closestNames } from '../suggest';
import { envChainText, orList } from '../../../../common/words';
import { catalogAddingHooks } from '../../project/catalogHooks';

/** `catalog.load("x")` in a notebook, script or hook where `x` is neither a catalog entry nor matched by a factory. */
export const catalogCallNotFound: Rule = {
  code: 'KL004',
  name: 'catalog-call-not-found',
  defaultSeverity: 'error',
  summary: "A 'catalog.load/save/exists(\"x\")' call whose dataset is not in the catalog of the selected environment.",
  docs: {
    why: `In notebooks (\`%load_ext kedro.ipython\`), scripts and hooks, \`catalog.load("x")\` only works for datasets the
catalog defines (explicit entries, factory patterns, \`params:\` keys): "Dataset 'x' not found in the catalog". A node
output that is not in the catalog is a MemoryDataset that only exists during a run, so it cannot be loaded afterwards
either. Checked in the package, in Python files of the project and in open notebook cells, on the project's catalog only:
\`catalog\` (notebook and \`kedro ipython\` globals, hook arguments), \`context.catalog\`, \`session.load_context().catalog\`,
\`self._catalog\`. A \`catalog\` the module binds itself (\`DataCatalog({...})\`, \`DataCatalog.from_config(...)\`, an import),
or the \`.catalog\` of an object it makes (\`model = KedroModel(...)\`), holds its own datasets and is not checked. Nor are the hooks a project ships as a Kedro plugin
(modules a \`[project.entry-points."kedro.hooks"]\` entry of its pyproject.toml names): they run with the catalog of any
project the plugin is installed in, holding what the plugin adds at run time. Nor are dataset names at all when a hook of
the project (registered in \`HOOKS\`, or shipped by its own \`kedro.hooks\` entry point) adds datasets in
\`after_catalog_created\` (\`catalog[name] = ...\`, \`catalog.add(...)\`, or keeps the catalog to add to it later):
which names it adds is not known; parameters are still checked, and one KL909 note at the hook says so. A notebook or script whose session selects an environment
(\`%reload_kedro --env prod\`, \`KedroSession.create(env="prod")\`) is checked only while that environment is the
selected one (the status bar's Kedro environment), since its \`catalog\` is that environment's. A name the pipelines read
only inside namespaces (\`raw_customers\` of a \`{namespace}.raw_{name}\` factory, used as \`modeling.raw_customers\`) is
named that way in the message and offered as a fix: the catalog a notebook loads from has the namespaced names.`,
    bad: { lang: 'python', file: 'notebooks/explore.ipynb', code: 'df = catalog.load("model_input_tabel")' },
    good: { lang: 'python', file: 'notebooks/explore.ipynb', code: 'df = catalog.load("model_input_table")' },
  },
  check(model, report) {
    // A hook of the project adds datasets when the catalog is created: which ones is not known.
    const hooksAdd = model.catalogCalls.length > 0 && catalogAddingHooks(model).length > 0;
    for (const { uri, call, selectsEnv } of model.catalogCalls) {
      // The file's own session reads another environment's catalog (or one named at run time): checked when that
      // environment is the selected one.
      if (selectsEnv !== undefined && selectsEnv !== model.env) continue;
      const name = call.name.value;
      if (isParamName(name)) {
        if (name === 'parameters' || model.params.has(name.slice('params:'.length)) || call.method === 'save') continue;
        report({ uri, span: call.name.span }, `Parameter '${name.slice('params:'.length)}' is not defined in the parameters of ${envChainText(model.envChain)}.`, {
          data: { name, suggestions: closestNames(name.slice('params:'.length), model.params.keys()).map((s) => `params:${s}`) },
        });
        continue;
      }
      if (model.catalog.has(name) || model.addedDatasets.has(name) || matchingPattern(model, name) || call.method === 'save' || hooksAdd) continue;
      const produced = model.producers.has(name);
      // Catalogs of `{namespace}.x` factories (or `ns.x` entries): the name a notebook means is the one a namespace gives.
      const namespaced = produced ? [] : inNamespaces(model, name);
      // The names first: the Problems panel cuts a long message at its width.
      const shown = namespaced.slice(0, 3).map((n) => `'${n}'`);
      const names = orList(shown);
      const ns = namespaced.length > 3 ? `these namespaces (and ${namespaced.length - 3} more)` : shown.length > 1 ? 'these namespaces' : 'this namespace';
      report(
        { uri, span: call.name.span },
        produced
          ? `'${name}' is a MemoryDataset (not in the catalog): it only exists during a run and cannot be loaded here.`
          : `Dataset '${name}' is not in the catalog of ${envChainText(model.envChain)}${namespaced.length ? `; did you mean ${names}? The pipelines read it inside ${ns}.` : '.'}`,
        { data: { name, suggestions: [...new Set([...namespaced.slice(0, 3), ...closestNames(name, model.catalog.keys())])] } },
      );
    }
  },
};

/** `ns.name` datasets the registered pipelines use that the catalog provides (an entry or a factory), sorted. */
function inNamespaces(model: ProjectModel, name: string): string[] {
  const out = new Set<string>();
  for (const u of model.uses) {
    if (u.name.endsWith(`.${name}`) && (model.catalog.has(u.name) || matchingPattern(model, u.name))) out.add(u.name);
  }
  return [...out].sort();
}
