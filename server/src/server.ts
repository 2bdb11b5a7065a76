// Language server entry: `node dist/server.js --stdio` (any LSP editor) or spawned over IPC by the extension.
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startSession } from './lsp/session';

const connection = createConnection(ProposedFeatures.all);
// The wasm files are copied beside the bundle by esbuild.mjs.
startSession(connection, __dirname);
