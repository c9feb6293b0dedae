// Where profiles and heap snapshots go (docs/supervision.md#crash-forensics-and-diagnostics): --out as a file or a directory, and the
// reason when it cannot be used (a missing directory, a regular file in the way).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { diagnosticFile } from '../src/diagnostic-files.js';

const dir = mkdtempSync(join(tmpdir(), 'clmon-diag-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('diagnosticFile', () => {
  it('a file in an existing directory, or the default name in an existing directory', () => {
    expect(diagnosticFile('profile', 'web:0', 'p.cpuprofile', dir)).toBe(join(dir, 'p.cpuprofile'));
    mkdirSync(join(dir, 'sub'));
    expect(diagnosticFile('heapsnapshot', 'web:0', 'sub', dir)).toMatch(new RegExp(`^${join(dir, 'sub')}/web-0-\\d{8}-\\d{6}\\.heapsnapshot$`));
  });

  it('a missing directory says it does not exist', () => {
    expect(() => diagnosticFile('profile', 'web:0', 'no/such/p.cpuprofile', dir)).toThrow(
      `--out no/such/p.cpuprofile: directory ${join(dir, 'no/such')} does not exist; give a file in an existing directory, or an existing directory`,
    );
  });

  it('a regular file where the directory should be says it is not a directory', () => {
    writeFileSync(join(dir, 'afile'), '');
    expect(() => diagnosticFile('profile', 'web:0', 'afile/y', dir)).toThrow(
      `--out afile/y: ${join(dir, 'afile')} is not a directory (it is a file); give a file in an existing directory, or an existing directory`,
    );
  });
});
