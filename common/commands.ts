// Command ids shared by the client (registration) and the server (code lenses, quick fixes).
export const Cmd = {
  restartServer: 'kedro.restartServer',
  showLog: 'kedro.showLog',
  selectEnvironment: 'kedro.selectEnvironment',
  runNode: 'kedro.runNode',
  runPipeline: 'kedro.runPipeline',
  showResolvedCatalog: 'kedro.showResolvedCatalog',
  showResolvedParameters: 'kedro.showResolvedParameters',
} as const;

export type CommandId = (typeof Cmd)[keyof typeof Cmd];
