import * as path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { ModelEncoder } from '../../../common/modelCodec';
import type { LocationJson, ProjectJson } from '../../../common/pipelineModel';
import { problemSignature, ShownModel } from '../../../client/src/views/shownModel';
import { fileUri } from '../../../server/src/core/uri';
import { projectJson } from '../../../server/src/features/pipelineModel';
import { FsSourceHost } from '../../../server/src/host/fsHost';
import { testWorkspace } from '../../helpers/analyze';

let example: ProjectJson;

beforeAll(async () => {
  const ws = await testWorkspace(new FsSourceHost());
  await ws.discover([fileUri(path.resolve('examples/spaceflights'))]);
  example = projectJson((await ws.analyze())?.projects[0]?.model as never);
});

/** A fresh copy: what the server builds after a pass that changed nothing (new objects, equal content). */
// What the client gets: the model as the connection sends it (JSON; a CompactSpan writes itself as a plain span).
const copy = (p: ProjectJson): ProjectJson => JSON.parse(JSON.stringify(p)) as ProjectJson;
const NONE = () => ({ errors: 0, warnings: 0 });

describe('ShownModel: the trees re-render only when what they show changed', () => {
  test('an equal model from a later pass is not taken: no decode, no render', () => {
    const encoder = new ModelEncoder();
    const shown = new ShownModel();
    expect(shown.receive(encoder.encode([example]))).toBe(true);
    const first = shown.model;
    expect(first.map((p) => p.nodes.length)).toEqual([example.nodes.length]);
    const sig = problemSignature(shown.model, NONE);
    expect(shown.needsRender(sig)).toBe(true);
    shown.didRender(sig);
    expect(shown.receive(encoder.encode([copy(example)]))).toBe(false);
    expect(shown.model).toBe(first);
    expect(shown.needsRender(problemSignature(shown.model, NONE))).toBe(false);
  });

  test('a changed node (renamed, or an input moved) is a new model to render', () => {
    const encoder = new ModelEncoder();
    const shown = new ShownModel();
    shown.receive(encoder.encode([example]));
    shown.didRender(problemSignature(shown.model, NONE));
    const renamed = copy(example);
    const node = renamed.nodes[0] as { name: string };
    node.name = `${node.name}_v2`;
    expect(shown.receive(encoder.encode([renamed]))).toBe(true);
    expect(shown.model[0]?.nodes[0]?.name).toBe(node.name);
    expect(shown.needsRender(problemSignature(shown.model, NONE))).toBe(true);
    shown.didRender(problemSignature(shown.model, NONE));
    // Only a location moved (a line added above the node): the rows open at the new line.
    const moved = copy(renamed);
    (moved.nodes[1]?.location.range.start as { line: number }).line += 1;
    expect(shown.receive(encoder.encode([moved]))).toBe(true);
    expect(shown.needsRender(problemSignature(shown.model, NONE))).toBe(true);
  });

  test('the same model with another problem count on a node renders; counts back as rendered do not', () => {
    const shown = new ShownModel();
    shown.receive(new ModelEncoder().encode([example]));
    shown.didRender(problemSignature(shown.model, NONE));
    const target = example.nodes[2]?.location as LocationJson;
    const oneError = (l: LocationJson) => (l.uri === target.uri && l.range.start.line === target.range.start.line ? { errors: 1, warnings: 0 } : NONE());
    const sig = problemSignature(shown.model, oneError);
    expect(shown.needsRender(sig)).toBe(true);
    shown.didRender(sig);
    expect(shown.needsRender(problemSignature(shown.model, oneError))).toBe(false);
    // An error that became a warning changes the row too.
    expect(shown.needsRender(problemSignature(shown.model, (l) => (oneError(l).errors ? { errors: 0, warnings: 1 } : NONE())))).toBe(true);
  });
});
