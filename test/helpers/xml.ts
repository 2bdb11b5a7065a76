import { createRequire } from 'node:module';

// sax (strict) is already in the dev tree via @vscode/vsce; it rejects anything that is not well-formed XML.
type SaxParser = { onopentag: (t: { name: string; attributes: Record<string, string> }) => void; ontext: (t: string) => void; onerror: (e: Error) => void; write(s: string): SaxParser; close(): void };
const sax = createRequire(import.meta.url)('sax') as { parser(strict: boolean): SaxParser };

/** Elements of a well-formed XML document in order (strict sax throws on anything else). */
export function parseXml(text: string): { name: string; attributes: Record<string, string>; text: string }[] {
  const elements: { name: string; attributes: Record<string, string>; text: string }[] = [];
  const p = sax.parser(true);
  p.onerror = (e) => {
    throw e;
  };
  p.onopentag = (t) => void elements.push({ name: t.name, attributes: t.attributes, text: '' });
  p.ontext = (t) => {
    const last = elements.at(-1);
    if (last && t.trim()) last.text += t;
  };
  p.write(text).close();
  return elements;
}
