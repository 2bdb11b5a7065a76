// The VS Code webview API the scripts in media/ use, typed with the shared protocol (common/webviewMessages.ts).
interface VsCodeWebviewApi<Out, State> {
  postMessage(message: Out): void;
  getState(): State | undefined;
  setState(state: State): void;
}
declare function acquireVsCodeApi<Out = never, State = unknown>(): VsCodeWebviewApi<Out, State>;
