// The extension's commands: each id with the arguments it takes. The server builds code-lens commands with `command()`
// and the client registers its handlers against `CommandArgs`, so a lens passing what a handler does not take (or a
// renamed id) fails to compile. package.json lists the same ids (test/unit/client/manifest.test.ts checks it).

/**
 * What a command acts on, from a Kedro view item (the tree's items carry these fields) or a code lens: the project
 * root, the pipeline/node/namespace/dataset name, and for "▶ Run with upstream" the nodes to run. Absent when run
 * from the palette: the command asks.
 */
export interface CommandTarget {
  readonly rootUri: string;
  readonly name?: string;
  readonly nodes?: readonly string[];
}

/** A recorded run, from the Runs view (its items are the stored runs): the handler reads the record by id. */
export interface RunTarget {
  readonly meta: { readonly id: string };
}

type None = [];
type OnTarget = [target?: CommandTarget];
type OnRun = [run?: RunTarget];

/** Arguments per command (by its key in `Cmd`). */
export interface CommandArgs {
  restartServer: None;
  showLog: None;
  /** `env`: switch to it without asking (KL001's quick fix for a dataset defined only in that environment). */
  selectEnvironment: [env?: string];
  runDefault: OnTarget;
  runPipeline: OnTarget;
  runNode: OnTarget;
  runNamespace: OnTarget;
  runTags: OnTarget;
  runToNode: OnTarget;
  runFromNode: OnTarget;
  runSlice: OnTarget;
  runFromInputs: OnTarget;
  runToOutputs: OnTarget;
  runWithOptions: OnTarget;
  rerunLast: None;
  dryRun: OnTarget;
  debugNode: OnTarget;
  debugPipeline: OnTarget;
  revealNode: OnTarget;
  filterTree: None;
  filterByTag: None;
  clearFilter: None;
  refreshTree: None;
  createProject: None;
  createPipeline: OnTarget;
  runTests: OnTarget;
  packageProject: OnTarget;
  showPackageContents: OnTarget;
  deploy: OnTarget;
  generateServing: OnTarget;
  showResolvedCatalog: None;
  showResolvedParameters: None;
  showHooks: None;
  openProfile: OnRun;
  rerunRun: OnRun;
  rerunFromFailed: OnRun;
  deleteRun: OnRun;
  showGraph: OnTarget;
  openInKedroViz: OnTarget;
}

export type CommandName = keyof CommandArgs;

export const Cmd = {
  restartServer: 'kedro.restartServer',
  showLog: 'kedro.showLog',
  selectEnvironment: 'kedro.selectEnvironment',
  runDefault: 'kedro.runDefault',
  runPipeline: 'kedro.runPipeline',
  runNode: 'kedro.runNode',
  runNamespace: 'kedro.runNamespace',
  runTags: 'kedro.runTags',
  runToNode: 'kedro.runToNode',
  runFromNode: 'kedro.runFromNode',
  runSlice: 'kedro.runSlice',
  runFromInputs: 'kedro.runFromInputs',
  runToOutputs: 'kedro.runToOutputs',
  runWithOptions: 'kedro.runWithOptions',
  rerunLast: 'kedro.rerunLast',
  dryRun: 'kedro.dryRun',
  debugNode: 'kedro.debugNode',
  debugPipeline: 'kedro.debugPipeline',
  revealNode: 'kedro.revealNode',
  filterTree: 'kedro.filterTree',
  filterByTag: 'kedro.filterByTag',
  clearFilter: 'kedro.clearFilter',
  refreshTree: 'kedro.refreshTree',
  createProject: 'kedro.createProject',
  createPipeline: 'kedro.createPipeline',
  runTests: 'kedro.runTests',
  packageProject: 'kedro.packageProject',
  showPackageContents: 'kedro.showPackageContents',
  deploy: 'kedro.deploy',
  generateServing: 'kedro.generateServing',
  showResolvedCatalog: 'kedro.showResolvedCatalog',
  showResolvedParameters: 'kedro.showResolvedParameters',
  showHooks: 'kedro.showHooks',
  openProfile: 'kedro.openProfile',
  rerunRun: 'kedro.rerunRun',
  rerunFromFailed: 'kedro.rerunFromFailed',
  deleteRun: 'kedro.deleteRun',
  showGraph: 'kedro.showGraph',
  openInKedroViz: 'kedro.openInKedroViz',
} as const satisfies { readonly [K in CommandName]: `kedro.${K}` };

/** A command invocation as LSP and VS Code carry it (`Command.command` / `arguments`), typed by the command. */
export interface CommandCall<K extends CommandName = CommandName> {
  readonly command: (typeof Cmd)[K];
  readonly arguments: CommandArgs[K];
}

export function command<K extends CommandName>(name: K, ...args: CommandArgs[K]): CommandCall<K> {
  return { command: Cmd[name], arguments: args };
}
