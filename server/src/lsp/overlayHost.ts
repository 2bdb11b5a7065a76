import type { TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { DirEntry, SourceHost, SourceText } from '../core/types';

/** Open editor buffers win over disk, so diagnostics follow unsaved text. */
export class OverlayHost implements SourceHost {
  constructor(
    private readonly disk: SourceHost,
    private readonly documents: TextDocuments<TextDocument>,
    /** Notebook cells: documents without a file of their own. */
    private readonly cells?: TextDocuments<TextDocument>,
  ) {}

  /** The texts read since beginPass (editor buffers and files on disk), by URI. */
  private seen = new Map<string, string>();

  /** Starts recording which editor texts a pass reads. */
  beginPass(): void {
    this.seen = new Map();
  }

  /** The texts the pass read (the versions its answers are about), by URI. */
  endPass(): ReadonlyMap<string, string> {
    return this.seen;
  }

  /** The texts the running pass has read so far. */
  readSoFar(): ReadonlyMap<string, string> {
    return new Map(this.seen);
  }

  async read(uri: string): Promise<SourceText | undefined> {
    const doc = this.documents.get(uri) ?? this.cells?.get(uri);
    if (doc) {
      const text = doc.getText();
      this.seen.set(uri, text);
      return { uri, version: `doc:${doc.version}`, text };
    }
    // A file read from disk that is open by the time a request asks about it: the answer is about this text.
    const src = await this.disk.read(uri);
    if (src) this.seen.set(uri, src.text);
    return src;
  }

  readDir(uri: string): Promise<readonly DirEntry[] | undefined> {
    return this.disk.readDir(uri);
  }

  realPath(uri: string): Promise<string | undefined> {
    return this.disk.realPath ? this.disk.realPath(uri) : Promise.resolve(undefined);
  }
}
