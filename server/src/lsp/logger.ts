import type { Connection } from 'vscode-languageserver/node';
import { maskSecretText } from '../core/secrets';
import type { Logger } from '../core/types';

/** Core logging goes to the client's output channel; never to stdout, which carries the protocol. */
export function connectionLogger(conn: Connection, verbose: () => boolean): Logger {
  return {
    // Log lines can quote catalog values too.
    debug: (m) => verbose() && conn.console.log(maskSecretText(m)),
    info: (m) => conn.console.info(maskSecretText(m)),
    warn: (m) => conn.console.warn(maskSecretText(m)),
    error: (m, e) => conn.console.error(maskSecretText(`${m}${e instanceof Error ? ` ${e.stack ?? e.message}` : e ? ` ${String(e)}` : ''}`)),
  };
}
