import { describe, expect, test, vi } from 'vitest';
import { analyzeMemoryProject, render } from '../../helpers/analyze';
import type * as ModuleFacts from '../../../server/src/parsing/python/moduleFacts';
import type * as ConfFacts from '../../../server/src/parsing/yaml/confFacts';

// Any failure while reading one file's facts (a bug, an input past a guard) is stood in for by a throw on a marker.
vi.mock('../../../server/src/parsing/python/moduleFacts', async (importOriginal) => {
  const orig = await importOriginal<typeof ModuleFacts>();
  return { ...orig, extractModuleFacts: (...a: Parameters<typeof orig.extractModuleFacts>) => (a[2].includes('BOOM') ? (() => { throw new RangeError('Maximum call stack size exceeded'); })() : orig.extractModuleFacts(...a)) };
});
vi.mock('../../../server/src/parsing/yaml/confFacts', async (importOriginal) => {
  const orig = await importOriginal<typeof ConfFacts>();
  return { ...orig, extractConfFacts: (...a: Parameters<typeof orig.extractConfFacts>) => (a[1].includes('BOOM') ? (() => { throw new Error('boom'); })() : orig.extractConfFacts(...a)) };
});

describe('per-file isolation of failures', () => {
  test('a Python or config file whose facts cannot be read is one KL906; every other file is analysed', async () => {
    const { result } = await analyzeMemoryProject({
      'src/demo/helpers.py': '# BOOM\n',
      'src/demo/pipelines/q/pipeline.py': 'from kedro.pipeline import Node, Pipeline\n\ndef create_pipeline(**kwargs):\n    return Pipeline([Node(len, "missing_q", "q_out", name="q")])\n',
      'conf/base/parameters_x.yml': '# BOOM\n',
    });
    expect(render(result, 'KL906')).toEqual([
      'conf/base/parameters_x.yml:1:1 KL906 This file could not be analysed (an internal error; see the log); the other files are.',
      'src/demo/helpers.py:1:1 KL906 This file could not be analysed (an internal error; see the log); the other files are.',
    ]);
    expect(render(result, 'KL001')).toEqual(["src/demo/pipelines/q/pipeline.py:4:33 KL001 Dataset 'missing_q' is not in the catalog and no node produces it."]);
  });
});
