import { describe, expect, test } from 'vitest';
import { analyzeMemoryProject, render } from '../../helpers/analyze';

const OTHER = { 'src/demo/pipelines/q/pipeline.py': 'from kedro.pipeline import Node, Pipeline\n\ndef create_pipeline(**kwargs):\n    return Pipeline([Node(len, "q_x", "q_x", name="q")])\n' };

describe('deep nesting never overflows the stack; the other files are analysed', () => {
  test.each([
    ['nested calls', `X = ${'f('.repeat(3000)}1${')'.repeat(3000)}\n`],
    ['nested brackets', `X = ${'['.repeat(3000)}${']'.repeat(3000)}\n`],
    ['nested dicts', `X = ${'{"a": '.repeat(3000)}1${'}'.repeat(3000)}\n`],
    ['a long operator chain', `X = "a"${' + "a"'.repeat(5000)}\n`],
    ['a long attribute and subscript chain', `X = a${'.b'.repeat(3000)}${'[0]'.repeat(3000)}\n`],
  ])('%s in a pipeline module and in a script', async (_name, deep) => {
    const { result } = await analyzeMemoryProject({
      ...OTHER,
      'src/demo/pipelines/p/pipeline.py': `from kedro.pipeline import Node, Pipeline\n\n${deep}\ndef create_pipeline(**kwargs):\n    return Pipeline([Node(len, X, "p_out", name="p")])\n`,
      'scripts/deep.py': deep,
    });
    // The other pipeline is checked (its node reads what it writes: KL023), the deep one is known up to the guard.
    expect(render(result, 'KL023').map((l) => l.split(' ')[0])).toEqual(['src/demo/pipelines/q/pipeline.py:4:40']);
    expect(result.projects[0]?.model.registry.pipelines.get('p')?.pipeline.nodes.map((n) => n.name)).toEqual(['p']);
  });
});
