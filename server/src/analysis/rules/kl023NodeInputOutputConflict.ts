import { nodeRule } from '../rule';
import { baseName } from '../../project/model';
import { alwaysAtLeast } from '../../project/versions';

/** A node that reads and writes the same dataset (transcoding stripped), or lists an output twice. */
export const nodeIoConflict = nodeRule({
  code: 'KL023',
  name: 'node-input-output-conflict',
  defaultSeverity: 'error',
  summary: 'A node that reads and writes the same dataset, or lists the same output twice.',
  docs: {
    why: `Kedro rejects both when \`node()\` is called: "A node cannot have the same inputs and outputs even if they are
transcoded: {'orders'}" and "Failed to create node ... due to duplicate output(s) {'orders'}". Transcoded names
(\`orders@spark\` vs \`orders@pandas\`) count as the same dataset only from Kedro 0.19.4; before it Kedro compares the full
names, so they are reported only when every release of the project's range is 0.19.4+.`,
    bad: { lang: 'python', file: 'pipeline.py', code: 'Node(clean, "orders@spark", "orders@pandas")' },
    good: { lang: 'python', file: 'pipeline.py', code: 'Node(clean, "orders@spark", "clean_orders@pandas")' },
  },
  check(model, n, report) {
    if (n.partial) return;
    // Kedro strips the transcoding suffix for this check only from 0.19.4.
    const key = alwaysAtLeast(model.versions.kedro, '0.19.4') ? baseName : (name: string) => name;
    const inputs = new Set(n.inputs.map((r) => key(r.name)));
    const seen = new Set<string>();
    for (const out of n.outputs) {
      if (inputs.has(key(out.name))) report(out.loc, `Node '${n.name}' reads and writes '${key(out.name)}'; a node cannot have the same inputs and outputs.`);
      if (seen.has(out.name)) report(out.loc, `Node '${n.name}' lists output '${out.name}' twice.`);
      seen.add(out.name);
    }
  },
});
