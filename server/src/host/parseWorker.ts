// dist/parseWorker.js: one thread of the parse pool (parseWorkers.ts). Loads the tree-sitter wasm once, then turns
// batches of module texts into plain facts, the same extractModuleFacts the main thread runs, sent back in the facts
// store's compact encoding (a structured clone of the objects costs the main thread more than parsing them itself).
import { parentPort, workerData } from 'node:worker_threads';
import { extractModuleFacts } from '../parsing/python/moduleFacts';
import { pythonParser } from '../parsing/python/treeSitter';
import { encode } from './factStore';
import { flatTreesWanted } from './flatTrees';
import type { BatchReply, BatchRequest } from './parseWorkers';

const port = parentPort;
if (!port) throw new Error('parseWorker runs as a worker thread only');
const parser = pythonParser((workerData as { wasmDir: string }).wasmDir, { flatTrees: flatTreesWanted() });
// Batches are handled one after another: the wasm parser is not re-entrant.
let chain: Promise<void> = Promise.resolve();
port.on('message', (m: BatchRequest) => {
  chain = chain.then(async () => {
    const p = await parser;
    const facts = m.files.map(([uri, text]) => {
      try {
        return extractModuleFacts(p, uri, text);
      } catch {
        // The main thread extracts it again and reports the failure as it always does.
        return undefined;
      }
    });
    let data: Uint8Array | undefined;
    try {
      data = encode(facts);
    } catch {
      // What JSON cannot carry (see encode): the main thread extracts the batch itself.
    }
    port.postMessage({ id: m.id, ...(data ? { data } : {}) } satisfies BatchReply);
  });
});
