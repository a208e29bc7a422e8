import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';

describe('fieldlab --help', () => {
  it('lists every command, sub-commands in full', async () => {
    const res = await runCli(['--help']);
    expect(res.code).toBe(0);
    for (const command of ['serve', 'migrate', 'demo', 'user add', 'audit verify']) expect(res.stdout).toContain(`fieldlab ${command}`);
    for (const option of ['--json', '--username', '--org', '--role', '--lang']) expect(res.stdout).toContain(option);
  });

  it('describes the options of user add', async () => {
    const res = await runCli(['user', 'add', '--help']);
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/--username <username>/);
    expect(res.stdout).toMatch(/FIELDLAB_PASSWORD/);
  });

  it('answers an unknown command with a non-zero exit', async () => {
    const res = await runCli(['frobnicate']);
    expect(res.code).not.toBe(0);
    expect(res.stderr).toMatch(/unknown command/);
  });
});
