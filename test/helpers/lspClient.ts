import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as path from 'node:path';
import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
} from 'vscode-languageserver-protocol/node';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { URI } from 'vscode-uri';

/** Speaks LSP over stdio to the BUILT server (dist/server.js), like any editor would. */
export class LspTestClient {
  readonly diagnostics = new Map<string, PublishDiagnosticsParams>();
  readonly notifications: { method: string; params: unknown }[] = [];
  readonly stderr: string[] = [];
  private readonly waiters: (() => void)[] = [];

  private constructor(
    readonly proc: ChildProcessWithoutNullStreams,
    readonly conn: MessageConnection,
  ) {}

  static start(args: readonly string[] = []): LspTestClient {
    const proc = spawn(process.execPath, [path.resolve('dist/server.js'), '--stdio', ...args], { stdio: 'pipe' });
    const conn = createMessageConnection(new StreamMessageReader(proc.stdout), new StreamMessageWriter(proc.stdin));
    const client = new LspTestClient(proc, conn);
    proc.stderr.on('data', (d: Buffer) => client.stderr.push(d.toString()));
    conn.onNotification((method: string, params: unknown) => {
      if (method === 'textDocument/publishDiagnostics') {
        const p = params as PublishDiagnosticsParams;
        client.diagnostics.set(p.uri, p);
      }
      client.notifications.push({ method, params });
      for (const w of client.waiters.splice(0)) w();
    });
    // Answer the server's requests like a minimal editor would.
    conn.onRequest('workspace/configuration', () => [client.settings]);
    conn.onRequest('client/registerCapability', () => null);
    conn.onRequest('window/workDoneProgress/create', () => null);
    conn.listen();
    return client;
  }

  settings: Record<string, unknown> = {};

  /** Resolves when `check` returns a value, re-checking after every notification; rejects after `ms`. */
  waitFor<T>(check: () => T | undefined, ms = 10000, what = 'condition'): Promise<T> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}; stderr: ${this.stderr.join('')}`)), ms);
      const tryNow = (): void => {
        const v = check();
        if (v !== undefined) {
          clearTimeout(timer);
          resolve(v);
        } else this.waiters.push(tryNow);
      };
      tryNow();
    });
  }

  /** The handshake an editor makes on opening `folders` (the first is the root): initialize, then initialized. */
  async initialize(folders: readonly string[], capabilities: object = {}, initializationOptions?: object): Promise<void> {
    const uri = (f: string): string => URI.file(f).toString();
    await this.conn.sendRequest('initialize', {
      processId: process.pid,
      rootUri: uri(folders[0] as string),
      workspaceFolders: folders.map((f) => ({ uri: uri(f), name: path.basename(f) })),
      capabilities,
      ...(initializationOptions ? { initializationOptions } : {}),
    });
    await this.conn.sendNotification('initialized', {});
  }

  async stop(): Promise<number | null> {
    await this.conn.sendRequest('shutdown');
    const exited = new Promise<number | null>((resolve) => this.proc.on('exit', (code) => resolve(code)));
    await this.conn.sendNotification('exit');
    const code = await exited;
    this.conn.dispose();
    return code;
  }
}
