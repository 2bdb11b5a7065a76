import { nodeRule } from '../rule';
import { alwaysAtLeast } from '../../project/versions';
import { VALID_NODE_NAME } from '../../project/pipelines/nodeName';

/** An explicit node name or a tag with characters Kedro rejects (spaces are the usual culprit). */
export const invalidNodeName = nodeRule({
  code: 'KL022',
  name: 'invalid-node-name-or-tag',
  defaultSeverity: 'error',
  summary: 'A node name or tag with characters other than letters, digits, _, - and .',
  docs: {
    why: `Node names and tags must match \`^[\\w.-]+$\`; anything else fails when \`node()\` is called: "'train model' is not a
valid node name. It must contain only letters, digits, hyphens, underscores and/or fullstops."`,
    bad: { lang: 'python', file: 'pipeline.py', code: 'Node(train, "X", "model", name="train model", tags=["ml stage"])' },
    good: { lang: 'python', file: 'pipeline.py', code: 'Node(train, "X", "model", name="train_model", tags=["ml-stage"])' },
  },
  check(model, n, report) {
    const name = n.explicitName;
    if (name && !VALID_NODE_NAME.test(name.value)) report(name.loc, `'${name.value}' is not a valid node name: use only letters, digits, '_', '-' and '.'.`);
    // Tags are validated from Kedro 0.19.0 on (names in every release).
    if (!alwaysAtLeast(model.versions.kedro, '0.19.0')) return;
    for (const tag of n.tags) {
      if (!VALID_NODE_NAME.test(tag)) report(n.callLoc, `'${tag}' is not a valid node tag: use only letters, digits, '_', '-' and '.'.`);
    }
  },
});
