import type { Rule } from '../rule';
import { maximalPipelines, once, prechecksOf } from '../pipelines';
import { baseName } from '../../project/model';

/** `x@fmt` and bare `x` used in one pipeline, or a name with two `@`. */
export const transcoding: Rule = {
  code: 'KL013',
  name: 'transcoding-misuse',
  defaultSeverity: 'error',
  summary: "A dataset used both with a transcoding suffix ('orders@spark') and without one ('orders'), or with two '@'.",
  docs: {
    why: `Transcoding lets one dataset be written as \`orders@pandas\` and read as \`orders@spark\`. Once any node uses a
suffix, every node must: "The following datasets are used with transcoding, but were referenced without the separator:
orders". A name may have only one \`@\`.`,
    bad: { lang: 'python', file: 'pipeline.py', code: 'Pipeline([Node(a, "raw", "orders@pandas"), Node(b, "orders", "report")])' },
    good: { lang: 'python', file: 'pipeline.py', code: 'Pipeline([Node(a, "raw", "orders@pandas"), Node(b, "orders@spark", "report")])' },
  },
  check(model, report) {
    if (!prechecksOf(model).transcoding) return;
    const emit = once<void>();
    for (const u of model.uses) {
      if ((u.name.match(/@/g) ?? []).length > 1) {
        emit(`2@|${u.ref.loc.uri}:${u.ref.loc.span.start.line}:${u.ref.loc.span.start.character}`, () =>
          report(u.ref.loc, `Dataset name '${u.name}' has more than one '@' transcoding separator.`),
        );
      }
    }
    for (const p of maximalPipelines(model)) {
      const refs = p.pipeline.nodes.filter((n) => !n.partial).flatMap((n) => [...n.inputs, ...n.outputs]);
      const transcoded = new Set(refs.filter((r) => r.name.includes('@')).map((r) => baseName(r.name)));
      for (const r of refs) {
        if (r.name.includes('@') || !transcoded.has(r.name)) continue;
        emit(`${r.loc.uri}:${r.loc.span.start.line}:${r.loc.span.start.character}`, () =>
          report(r.loc, `'${r.name}' is used with a transcoding suffix elsewhere in pipeline '${p.name}'; reference it as '${r.name}@<format>' here too.`),
        );
      }
    }
  },
};
