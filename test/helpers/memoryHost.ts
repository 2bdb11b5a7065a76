import type { DirEntry, SourceHost, SourceText } from '../../server/src/core/types';

/** An in-memory project: paths relative to `root` → text. Lets each test show its whole input. */
export class MemoryHost implements SourceHost {
  readonly files = new Map<string, string>();
  private readonly versions = new Map<string, number>();

  constructor(
    readonly root: string,
    files: Record<string, string>,
  ) {
    for (const [rel, text] of Object.entries(files)) this.set(rel, text);
  }

  uri(rel: string): string {
    return `${this.root}/${rel}`;
  }

  set(rel: string, text: string): void {
    const uri = this.uri(rel);
    this.files.set(uri, text);
    this.versions.set(uri, (this.versions.get(uri) ?? 0) + 1);
  }

  delete(rel: string): void {
    this.files.delete(this.uri(rel));
  }

  async read(uri: string): Promise<SourceText | undefined> {
    const text = this.files.get(uri);
    return text === undefined ? undefined : { uri, version: String(this.versions.get(uri)), text };
  }

  async readDir(uri: string): Promise<readonly DirEntry[] | undefined> {
    const prefix = uri.endsWith('/') ? uri : `${uri}/`;
    const out = new Map<string, DirEntry>();
    for (const f of this.files.keys()) {
      if (!f.startsWith(prefix)) continue;
      const rest = f.slice(prefix.length);
      const [head, ...tail] = rest.split('/');
      if (!head) continue;
      out.set(head, { name: head, kind: tail.length ? 'dir' : 'file' });
    }
    return out.size ? [...out.values()] : undefined;
  }
}
