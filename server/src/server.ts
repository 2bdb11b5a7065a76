// Language server entry: `node dist/server.js --stdio` (any LSP editor) or spawned over IPC by the extension.
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { limitHeapGrowth } from './host/heapGrowth';
import { startSession } from './lsp/session';

// A long-lived process with bursts of short-lived garbage: keep its heap near its live set (docs/performance.md).
limitHeapGrowth();
const connection = createConnection(ProposedFeatures.all);
// The wasm files are copied beside the bundle by esbuild.mjs.
startSession(connection, __dirname);
