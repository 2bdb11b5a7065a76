// Wording shared by the server's messages and the extension's dialogs, so both name the same things the same way.

const listWith =
  (conjunction: string) =>
  (items: readonly string[]): string =>
    items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} ${conjunction} ${items[items.length - 1]}`;
/** `a`, `a and b`, `a, b and c`. */
export const andList = listWith('and');
/** `a`, `a or b`, `a, b or c`. */
export const orList = listWith('or');

/** An environment chain as users read it; an empty environment is the conf folder itself (no base_env, no run env). */
export const envChainText = (chain: readonly string[]): string => chain.map((e) => e || 'the conf folder itself').join(' + ');

/** One environment in a sentence: `environment 'base'`, or the conf folder itself when it is empty. */
export const envText = (env: string): string => (env ? `environment '${env}'` : 'the conf folder itself');

/** `a` or `an` before a type name as it is written (`an int`, `a str`). */
export const article = (word: string): string => (/^[aeiou]/i.test(word) ? 'an' : 'a');
