import type { Connection } from 'vscode-languageserver/node';
import type { Logger } from '../core/types';

/** Core logging goes to the client's output channel; never to stdout, which carries the protocol. */
export function connectionLogger(conn: Connection, verbose: () => boolean): Logger {
  return {
    debug: (m) => verbose() && conn.console.log(m),
    info: (m) => conn.console.info(m),
    warn: (m) => conn.console.warn(m),
    error: (m, e) => conn.console.error(`${m}${e instanceof Error ? ` ${e.stack ?? e.message}` : e ? ` ${String(e)}` : ''}`),
  };
}
