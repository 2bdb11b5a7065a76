import type { Rule } from '../rule';

/** `find_pipelines()["x"]` where no pipeline package `x` exists: register_pipelines() raises KeyError. */
export const missingPipeline: Rule = {
  code: 'KL015',
  name: 'missing-pipeline',
  defaultSeverity: 'error',
  summary: 'The registry indexes find_pipelines() with a name no pipeline package provides (a KeyError at startup).',
  docs: {
    why: `\`find_pipelines()\` returns one entry per folder under \`src/<package>/pipelines/\` (plus \`__default__\`).
Indexing it with another name — a typo, a renamed or deleted folder, or a name left out by \`pipelines_to_find\` —
raises \`KeyError\` inside \`register_pipelines()\`, so every \`kedro\` command of the project fails, not only runs of
that pipeline. Use a folder name that exists, or \`.get(name)\` when the pipeline is optional.`,
    bad: { lang: 'python', file: 'pipeline_registry.py', code: 'pipelines = find_pipelines()\npipelines["training"] = pipelines["data_science"]  # no pipelines/data_science/' },
    good: { lang: 'python', file: 'pipeline_registry.py', code: 'pipelines = find_pipelines()\npipelines["training"] = pipelines["model_training"]' },
  },
  check(model, report) {
    const seen = new Set<string>();
    for (const u of model.registry.unresolved) {
      if (u.missingPipeline === undefined || !u.loc.uri) continue;
      const key = `${u.loc.uri}:${u.loc.span.start.line}:${u.loc.span.start.character}`;
      if (seen.has(key)) continue;
      seen.add(key);
      report(u.loc, `No pipeline '${u.missingPipeline}' in find_pipelines(): there is no pipelines/${u.missingPipeline}/ package with create_pipeline(), so this raises KeyError.`);
    }
  },
};
