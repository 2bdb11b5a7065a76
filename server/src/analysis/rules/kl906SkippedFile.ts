import type { Rule } from '../rule';
import { ZERO_SPAN } from '../../core/types';

/** A project file that was not analysed: larger than the size limit, or not UTF-8 text. */
export const skippedFile: Rule = {
  code: 'KL906',
  name: 'file-not-analysed',
  defaultSeverity: 'information',
  summary: 'A Python or configuration file that was skipped because it is larger than 2 MB, not UTF-8 text, or could not be read.',
  docs: {
    why: `Kedro Lens reads every module of the package and every config file Kedro would load, but never a file over 2 MB
(generated code, data dumped into conf/) or one that is not UTF-8 text. Such a file is skipped, so datasets or nodes
it defines are unknown to the analysis; this note says so once, at the top of the file. So is a file whose analysis
failed (an error in Kedro Lens on an input it does not expect): the other files are analysed as usual.`,
    bad: { lang: 'yaml', file: 'conf/base/catalog_generated.yml', code: '# 40 MB of generated entries' },
    good: { lang: 'yaml', file: 'conf/base/catalog_generated.yml', code: '# split, or generate factory patterns instead of one entry per file' },
  },
  check(model, report) {
    for (const [uri, why] of model.skippedFiles) {
      const text = { 'too-large': 'This file is larger than 2 MB and was not analysed.', binary: 'This file is not UTF-8 text and was not analysed.', failed: 'This file could not be analysed (an internal error; see the log); the other files are.' };
      report({ uri, span: ZERO_SPAN }, text[why]);
    }
  },
};
