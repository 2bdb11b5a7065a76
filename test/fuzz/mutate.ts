/** Seeded mutations of a source text: truncations, nasty insertions, deletions, broken brackets and indentation, \r\n, BOM, deep nesting. */
const NASTY = ['é😀', '  # kedro-lens: ignore[KL001]', '# kedro-lens: ignore-file\n', '\u0000', '\uFEFF', '\t', '\r\n', '${', '{', '}', '[', ']', '(', ')', '"', "'", '"""', ':', '- ', '&a', '*a', '<<: *a', '\\', '@', 'params:', '\u202e', 'x'.repeat(5000)];

export function mutate(text: string, r: () => number): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
  let out = text;
  const ops = 1 + Math.floor(r() * 4);
  for (let i = 0; i < ops; i++) {
    const at = Math.floor(r() * (out.length + 1));
    switch (Math.floor(r() * 8)) {
      case 0:
        out = out.slice(0, at); // truncation
        break;
      case 1:
        out = out.slice(0, at) + pick(NASTY) + out.slice(at);
        break;
      case 2:
        out = out.slice(0, at) + out.slice(at + 1 + Math.floor(r() * 20));
        break;
      case 3:
        out = out.replace(/[()[\]{}]/, ''); // a deleted bracket
        break;
      case 4:
        out = out.replace(/\n {4}/g, r() < 0.5 ? '\n' : '\n\t'); // broken indentation
        break;
      case 5:
        out = out.replace(/\n/g, '\r\n');
        break;
      case 6:
        out = `\uFEFF${out}`;
        break;
      default:
        out = '['.repeat(200) + out + ']'.repeat(Math.floor(r() * 200)); // deep nesting
    }
  }
  return out;
}
