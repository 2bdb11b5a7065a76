// Shared by the lifecycle commands: when a command sent to a terminal is done, and small file helpers.
import * as vscode from 'vscode';

/** Long enough for `kedro package` on a big project; only bounds how long the listeners live. */
const GIVE_UP_MS = 15 * 60 * 1000;

export type Outcome = { readonly uri: vscode.Uri } | { readonly failed: number } | undefined;

/**
 * Resolves when `line`, just sent to `terminal`, is done: its shell-integration end event (exit code, then the newest
 * file matching `globs`), or — without shell integration — the first matching file created or changed (seen by a
 * watcher, or by polling) that `ready` accepts (e.g. an archive that reads completely).
 */
export function whenDone(terminal: vscode.Terminal, line: string, base: vscode.Uri, globs: readonly string[], ready: (uri: vscode.Uri) => Promise<boolean> = async () => true): Promise<Outcome> {
  return new Promise((resolve) => {
    const disposables: vscode.Disposable[] = [];
    const finish = (o: Outcome): void => {
      disposables.forEach((d) => d.dispose());
      clearTimeout(timer);
      resolve(o);
    };
    const timer = setTimeout(() => finish(undefined), GIVE_UP_MS);
    let done = false;
    const onFile = async (uri: vscode.Uri): Promise<void> => {
      if (!done && (await ready(uri))) {
        done = true;
        finish({ uri });
      }
    };
    // File events can be missed: the command may write before the watcher is registered (a fast command, a remote
    // extension host), so also look for a matching file written since the command was sent.
    const since = Date.now() - POLL_SLACK_MS;
    const poll = setInterval(() => {
      void newestSince(base, globs, since).then((uri) => (uri ? onFile(uri) : undefined));
    }, POLL_MS);
    disposables.push({ dispose: () => clearInterval(poll) });
    for (const glob of globs) {
      const w = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(base, glob));
      disposables.push(w, w.onDidCreate((u) => void onFile(u)), w.onDidChange((u) => void onFile(u)));
    }
    disposables.push(
      vscode.window.onDidEndTerminalShellExecution(async (e) => {
        // Not ours: another terminal, or a command that was still running when ours was queued (empty when the shell
        // could not report the command line: then the next end is ours).
        const ran = e.execution.commandLine.value;
        if (e.terminal !== terminal || (ran && !ran.includes(line))) return;
        if (e.exitCode) return finish({ failed: e.exitCode });
        const uri = await newest(base, globs);
        finish(uri ? { uri } : undefined);
      }),
    );
  });
}

const POLL_MS = 1000;
/** File times and the clock may differ a little (another file system); a file this much older still counts. */
const POLL_SLACK_MS = 2000;

/** The most recently modified file matching any of the globs under base. */
export async function newest(base: vscode.Uri, globs: readonly string[]): Promise<vscode.Uri | undefined> {
  return newestSince(base, globs, 0);
}

async function newestSince(base: vscode.Uri, globs: readonly string[], since: number): Promise<vscode.Uri | undefined> {
  const found = (await Promise.all(globs.map((g) => vscode.workspace.findFiles(new vscode.RelativePattern(base, g), '**/node_modules/**')))).flat();
  const stats = await Promise.all(found.map(async (u) => ({ u, t: (await vscode.workspace.fs.stat(u)).mtime })));
  return stats.filter((s) => s.t >= since).sort((a, b) => b.t - a.t)[0]?.u;
}

export const exists = async (uri: vscode.Uri): Promise<boolean> => vscode.workspace.fs.stat(uri).then(() => true, () => false);

export function trusted(): boolean {
  if (vscode.workspace.isTrusted) return true;
  void vscode.window.showWarningMessage('Kedro Lens does not run commands in an untrusted workspace.');
  return false;
}

export function noProject(): void {
  void vscode.window.showInformationMessage('No Kedro project has been analysed in this workspace yet.');
}
