/** A notebook as Jupyter writes it: one JSON string per source line, indented one space per level. */
export function notebook(cells: { type?: 'code' | 'markdown'; source: string[] | string }[], language = 'python'): string {
  return `${JSON.stringify(
    {
      cells: cells.map((c) => ({ cell_type: c.type ?? 'code', execution_count: null, metadata: {}, outputs: [], source: c.source })),
      metadata: { kernelspec: { display_name: 'Python 3', language, name: 'python3' } },
      nbformat: 4,
      nbformat_minor: 5,
    },
    null,
    1,
  )}\n`;
}
