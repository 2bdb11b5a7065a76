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

  async read(uri: string): Promise<SourceText | undefined> {
    const doc = this.documents.get(uri) ?? this.cells?.get(uri);
    if (doc) return { uri, version: `doc:${doc.version}`, text: doc.getText() };
    return this.disk.read(uri);
  }

  readDir(uri: string): Promise<readonly DirEntry[] | undefined> {
    return this.disk.readDir(uri);
  }

  realPath(uri: string): Promise<string | undefined> {
    return this.disk.realPath ? this.disk.realPath(uri) : Promise.resolve(undefined);
  }
}
