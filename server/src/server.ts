// Language server entry: `node dist/server.js --stdio` (any LSP editor) or spawned over IPC by the extension.
import { AbstractMessageReader, AbstractMessageWriter, createConnection, Disposable, ProposedFeatures, type DataCallback, type Message } from 'vscode-languageserver/node';
import { startSession } from './lsp/session';
import { startupHook, type ServerWire } from './startup/hook';

/** The client's messages as the loader's front hands them on (it took the transport before this bundle loaded). */
class WireReader extends AbstractMessageReader {
  constructor(private readonly wire: ServerWire) {
    super();
  }

  listen(callback: DataCallback): Disposable {
    this.wire.listen((m) => callback(m as unknown as Message));
    return Disposable.create(() => undefined);
  }
}

class WireWriter extends AbstractMessageWriter {
  constructor(private readonly wire: ServerWire) {
    super();
  }

  write(msg: Message): Promise<void> {
    this.wire.send(msg as unknown as Record<string, unknown>);
    return Promise.resolve();
  }

  end(): void {}
}

const wire = startupHook()?.front?.wire;
const connection = wire ? createConnection(ProposedFeatures.all, new WireReader(wire), new WireWriter(wire)) : createConnection(ProposedFeatures.all);
// The wasm files are copied beside the bundle by esbuild.mjs.
startSession(connection, __dirname);
