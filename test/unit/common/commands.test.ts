import { describe, expect, test } from 'vitest';
import { Cmd, command, type CommandArgs, type CommandTarget } from '../../../common/commands';
import type { TreeNode } from '../../../client/src/views/treeModel';

type Handler<K extends keyof CommandArgs> = (...args: CommandArgs[K]) => unknown;

// The contract is a type: each line below is a mismatch between a command's caller and its handler, so it must not
// compile (`npm run typecheck` fails on an unused @ts-expect-error, i.e. when the types let the mismatch through).
export const mismatches = (root: string): unknown[] => [
  // @ts-expect-error a lens passing positional arguments where the handler takes a target
  command('runNode', root, 'split_data_node'),
  // @ts-expect-error a target without its project root
  command('debugNode', { name: 'split_data_node' }),
  // @ts-expect-error arguments to a command that takes none
  command('restartServer', { rootUri: root }),
  // @ts-expect-error a run command given a node target
  command('openProfile', { rootUri: root, name: 'x' }),
  // @ts-expect-error an id that is not a command
  command('runEverything'),
];
// @ts-expect-error a handler that expects the old positional (rootUri, name) arguments
export const positional: Handler<'runNode'> = (rootUri: string, name: string) => [rootUri, name];
// A Kedro view item is what its context-menu commands receive: it must be a target.
export const fromTree = (item: TreeNode): CommandTarget => item;

describe('typed commands', () => {
  test('command() builds the id and the arguments as LSP and VS Code carry them', () => {
    expect(command('runNode', { rootUri: 'file:///p', name: 'n', nodes: ['a', 'n'] })).toEqual({ command: 'kedro.runNode', arguments: [{ rootUri: 'file:///p', name: 'n', nodes: ['a', 'n'] }] });
    expect(command('showHooks')).toEqual({ command: 'kedro.showHooks', arguments: [] });
  });

  test('every id is kedro.<its key> (the type says so; checked at run time too)', () => {
    for (const [key, id] of Object.entries(Cmd)) expect(id).toBe(`kedro.${key}`);
  });
});
