import type { Rule } from '../rule';
import { isParamName } from '../../project/model';
import { catalogAddingHooks } from '../../project/catalogHooks';

/** "This Pipeline() renaming …", or for a variable the evaluator had to forget "The value of 'x' (changed in a loop …)". */
function subject(what: string): string {
  const m = /^'([\w.]+)' ((?:changed|assigned) [\s\S]*)$/.exec(what);
  return m ? `The value of '${m[1]}' (${m[2]})` : `This ${what}`;
}

/** Information: a part of the pipeline definitions could not be evaluated statically, so checks that depend on it are off. */
export const notAnalysed: Rule = {
  code: 'KL909',
  name: 'not-statically-analysable',
  defaultSeverity: 'information',
  summary: 'A pipeline or node expression that cannot be evaluated without running Python; dependent checks are skipped.',
  docs: {
    why: `Kedro Lens never runs project code. Pipelines built from values only known at run time (a loop over a
config file, a function from another package, an \`if\` on an environment variable) cannot be evaluated, and a node
it cannot see might produce any dataset. Rather than guess, dataset-existence checks (KL001, KL003) are skipped for
the project and this note marks the place. Building node lists from literals, comprehensions over literal lists and
helper functions in the project keeps everything analysable. So does the optional-import idiom
(\`try: from .pipelines.x import create_pipeline\` / \`except ImportError: create_pipeline = None\`): an import of a module
the project has succeeds, one of a module missing from a project package runs the handler that catches it; a guarded
import from outside the project may fail, so what that \`try\` binds stays unknown. Config files that are Jinja2 templates (rendered by
\`TemplatedConfigLoader\` up to Kedro 0.18; not where settings.py names \`OmegaConfigLoader\`) are marked the same way: what they define is unknown, so existence checks
of datasets or parameters (KL001–KL004, KL201, KL203) are skipped. So is a config file whose aliases expand to more
than 100,000 nodes (nested anchors, each aliased several times, grow exponentially) or that contains itself. A hook of
the project whose \`after_catalog_created\` adds datasets to the catalog (\`catalog[name] = ...\`, \`catalog.add(...)\`)
turns off KL004's check of dataset names in \`catalog.load/exists\` calls: one note, at the hook, says so and how many
calls it leaves unchecked.`,
    bad: { lang: 'python', file: 'pipeline.py', code: 'def create_pipeline(**kwargs):\n    return Pipeline([make_node(n) for n in load_names_from_disk()])' },
    good: { lang: 'python', file: 'pipeline.py', code: 'NAMES = ["eu", "us"]\n\ndef create_pipeline(**kwargs):\n    return Pipeline([make_node(n) for n in NAMES])' },
  },
  check(model, report) {
    const seen = new Set<string>();
    for (const u of model.registry.unresolved) {
      if (!u.loc.uri || u.missingPipeline !== undefined) continue;
      const key = `${u.loc.uri}:${u.loc.span.start.line}:${u.loc.span.start.character}`;
      if (seen.has(key)) continue;
      seen.add(key);
      report(u.loc, `${subject(u.what)} cannot be evaluated statically; checks that depend on it are skipped.`);
    }
    // A hook adding datasets when the catalog is created: which names is not known, so KL004 takes any dataset name.
    const adding = catalogAddingHooks(model)[0];
    if (adding) {
      const unchecked = model.catalogCalls.filter((c) => !isParamName(c.call.name.value) && c.call.method !== 'save' && (c.selectsEnv === undefined || c.selectsEnv === model.env));
      if (unchecked.length) {
        const calls = unchecked.length === 1 ? 'the dataset name of 1 catalog call' : `the dataset names of ${unchecked.length} catalog calls`;
        report(adding.loc, `${adding.className}.after_catalog_created adds datasets to the catalog, and which ones cannot be known statically: KL004 does not check ${calls} (parameters are still checked).`);
      }
    }
    for (const u of model.unreadConf) {
      report({ uri: u.uri, span: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } }, `This ${u.kind} file is ${u.why}; it is not analysed, and checks of what it defines are skipped.`);
    }
  },
};
