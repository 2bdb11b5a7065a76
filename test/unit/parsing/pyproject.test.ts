import { describe, expect, test } from 'vitest';
import { extractPyprojectFacts } from '../../../server/src/parsing/toml/pyproject';

describe('pyproject.toml', () => {
  test('reads [tool.kedro] with the default source_dir', () => {
    const f = extractPyprojectFacts('file:///p', '[tool.kedro]\npackage_name = "a"\nproject_name = "A"\nkedro_init_version = "1.5.0"\n');
    expect(f).toMatchObject({ isKedro: true, kedro: { packageName: 'a', projectName: 'A', kedroInitVersion: '1.5.0', sourceDir: 'src' }, problems: [] });
  });

  test('every key and the header place are kept (which keys Kedro accepts depends on its release: KL901)', () => {
    const f = extractPyprojectFacts('file:///p', '[project]\nname="x"\n\n[tool.kedro]\npackage_name = "a"\nproject_version = "0.18.2"\nmicropkg = 1\n');
    expect(f.problems).toEqual([]);
    expect(f.kedro).toMatchObject({ keys: ['package_name', 'project_version', 'micropkg'], projectVersion: '0.18.2', headerSpan: { start: { line: 3, character: 0 }, end: { line: 3, character: 12 } } });
  });

  test('invalid TOML is a problem at the error position', () => {
    const f = extractPyprojectFacts('file:///p', '[tool.kedro]\npackage_name = \n');
    expect(f.problems).toHaveLength(1);
    expect(f.problems[0]?.message).toMatch(/^Failed to parse 'pyproject.toml'/);
    expect(f.problems[0]?.span.start.line).toBe(1);
  });

  test('not a Kedro project', () => {
    expect(extractPyprojectFacts('file:///p', '[project]\nname="x"\n')).toEqual({ uri: 'file:///p', isKedro: false, problems: [] });
  });
});
