import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, test } from 'vitest';
import { commandLine, kedroRunArgv, quoteForShell } from '../../../client/src/run/kedroCommand';

describe('kedro run command lines', () => {
  test('argv for nodes, pipelines and environments', () => {
    expect(kedroRunArgv({ nodes: ['split_data_node'] })).toEqual(['kedro', 'run', '--nodes=split_data_node']);
    expect(kedroRunArgv({ pipeline: 'data_science', env: 'prod' })).toEqual(['kedro', 'run', '--pipelines=data_science', '--env=prod']);
    expect(kedroRunArgv({ pipeline: '__default__', env: 'local' })).toEqual(['kedro', 'run']);
    expect(commandLine(kedroRunArgv({ nodes: ['eu.clean'] }))).toBe('kedro run --nodes=eu.clean');
  });

  test('hostile names reach the program literally in bash and sh', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kl-argv-'));
    const printer = path.join(dir, 'printargv');
    fs.writeFileSync(printer, `#!/usr/bin/env node\nprocess.stdout.write(JSON.stringify(process.argv.slice(2)))\n`, { mode: 0o755 });
    const nasty = ['a b', "it's", 'x"y', '$(touch pwned)', '`id`', 'a;b', 'a && b', 'line1\nline2', '', '*', '~user', 'é😀', '\\back'];
    for (const shell of ['bash', 'sh']) {
      const line = commandLine([printer, ...nasty]);
      const out = execFileSync(shell, ['-c', line], { cwd: dir, encoding: 'utf8' });
      expect(JSON.parse(out)).toEqual(nasty);
    }
    expect(fs.existsSync(path.join(dir, 'pwned'))).toBe(false);
    expect(quoteForShell('plain_name.v2')).toBe('plain_name.v2');
  });
});
