import { describe, expect, test } from 'vitest';
import { kedroVizArgv } from '../../../client/src/run/kedroVizCommand';
import { commandLine, terminalLineProblem } from '../../../client/src/run/kedroCommand';

describe('Open in Kedro-Viz: the terminal command', () => {
  test('--load-file is relative to the project root (Kedro-Viz joins it onto its working folder)', () => {
    const argv = kedroVizArgv(['/venv/bin/python', '-m', 'kedro'], '/home/u/proj', '/home/u/.config/Code/User/workspaceStorage/ab/kedro-lens.kedro-lens/kedro-viz/0123456789ab');
    expect(argv).toEqual(['/venv/bin/python', '-m', 'kedro', 'viz', '--load-file', '../.config/Code/User/workspaceStorage/ab/kedro-lens.kedro-lens/kedro-viz/0123456789ab']);
    expect(commandLine(argv!)).toBe('/venv/bin/python -m kedro viz --load-file ../.config/Code/User/workspaceStorage/ab/kedro-lens.kedro-lens/kedro-viz/0123456789ab');
  });

  test('spaces and quotes in paths are quoted for the shell', () => {
    const argv = kedroVizArgv(['uv', 'run', 'kedro'], "/home/u/my proj", "/home/u/it's storage/viz")!;
    expect(commandLine(argv)).toBe("uv run kedro viz --load-file '../it'\\''s storage/viz'");
    expect(terminalLineProblem(commandLine(argv))).toBeUndefined();
  });

  test('a control character in a path is refused before reaching the terminal', () => {
    const argv = kedroVizArgv(['kedro'], '/home/u/proj', '/home/u/proj/.x\u001b[2K/viz')!;
    expect(terminalLineProblem(commandLine(argv))).toMatch(/control character \(U\+001B\)/);
  });

  test('no relative path (the export folder is the root itself): no command', () => {
    expect(kedroVizArgv(['kedro'], '/p', '/p')).toBeUndefined();
  });
});
