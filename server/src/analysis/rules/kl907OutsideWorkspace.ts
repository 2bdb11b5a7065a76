import type { Rule } from '../rule';
import { ZERO_SPAN } from '../../core/types';

/** A setting or symlink that points outside the project root: not read (docs/workspace-boundary.md). */
export const outsideWorkspace: Rule = {
  code: 'KL907',
  name: 'outside-workspace',
  defaultSeverity: 'warning',
  summary: "A 'source_dir', 'CONF_SOURCE' or symlink that leads outside the project root; Kedro Lens does not read it.",
  docs: {
    why: `Kedro Lens never reads or lists a file outside the project root: opening a repository must not make the editor
read the rest of the disk (an absolute or \`../..\` \`source_dir\` once made one check open 22,553 files), nor show such
files' contents in hovers, outlines or the Resolved Catalog. So an absolute \`source_dir\`, one that climbs out with
\`..\`, a \`CONF_SOURCE\` outside the root, and a symlinked file or folder whose real target leaves the root are not
followed; this note says which, once each. What they hold is unknown to the analysis. See docs/workspace-boundary.md.`,
    bad: { lang: 'toml', file: 'pyproject.toml', code: '[tool.kedro]\npackage_name = "spaceflights"\nsource_dir = "../../shared/src"' },
    good: { lang: 'toml', file: 'pyproject.toml', code: '[tool.kedro]\npackage_name = "spaceflights"\nsource_dir = "src"' },
  },
  check(model, report) {
    const py = { uri: model.layout.pyproject.uri, span: ZERO_SPAN };
    for (const o of [...(model.layout.outside ?? []), ...(model.conf.outside ?? [])]) {
      if (o.what === 'source_dir') report(py, `source_dir '${o.value}' is outside the project root; its code is not read.`);
      else if (o.what === 'CONF_SOURCE') report({ uri: model.settings.uri ?? py.uri, span: ZERO_SPAN }, `CONF_SOURCE '${o.value}' is outside the project root; no configuration is read.`);
      else report(py, `'${o.value}' is a symlink to a target outside the project root; it is not read.`);
    }
  },
};
