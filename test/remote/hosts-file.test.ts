// The --hosts file and --via prefixes (docs/cli.md#many-hosts): `label = prefix` lines, comments and blank
// lines; prefixes split as a shell would and refused when they need a shell.
import { describe, expect, it } from 'vitest';
import { parseHostsFile } from '../../src/remote/hosts-file.js';
import { splitPrefix, viaHost } from '../../src/remote/via-prefix.js';

describe('hosts file', () => {
  it('reads label = prefix lines, skipping comments and blank lines', () => {
    const hosts = parseHostsFile('# the web tier\n\nweb-1 = ssh web-1.example.com\n  pod-a=kubectl exec -i pod-a --  \n', 'hosts.txt');
    expect(hosts).toEqual([
      { label: 'web-1', prefix: 'ssh web-1.example.com', argv: ['ssh', 'web-1.example.com', 'clmon', 'serve', '--stdio'] },
      { label: 'pod-a', prefix: 'kubectl exec -i pod-a --', argv: ['kubectl', 'exec', '-i', 'pod-a', '--', 'clmon', 'serve', '--stdio'] },
    ]);
  });

  it('names the line of a malformed entry', () => {
    expect(() => parseHostsFile('a = ssh a\n\nno equals sign here\n', 'hosts.txt')).toThrow(/hosts\.txt line 3: "no equals sign here" is not "label = prefix"/);
    expect(() => parseHostsFile('a = ssh a\n = ssh b\n', 'h')).toThrow(/h line 2/);
    expect(() => parseHostsFile('a =\n', 'h')).toThrow(/h line 1/);
    expect(() => parseHostsFile('a = ssh a\na = ssh b\n', 'h')).toThrow(/h line 2: the label "a" is already used on line 1/);
    expect(() => parseHostsFile('web 1 = ssh a\n', 'h')).toThrow(/h line 1: the label "web 1" has a space/);
    expect(() => parseHostsFile('a = ssh a | tee x\n', 'h')).toThrow(/h line 1: .*shell operator "\|"/);
    expect(() => parseHostsFile('# nothing\n\n', 'h')).toThrow(/h: no hosts in it/);
  });
});

describe('--via prefix', () => {
  it('splits as a shell would: quotes, escapes and $VAR', () => {
    process.env.CLMON_TEST_VIA = '/srv/x';
    expect(splitPrefix(`ssh -o "ProxyJump bastion" 'web 1' a\\ b HOME=$CLMON_TEST_VIA`, 'x')).toEqual([
      'ssh',
      '-o',
      'ProxyJump bastion',
      'web 1',
      'a b',
      'HOME=/srv/x',
    ]);
    expect(viaHost('  ssh web-1 ', 'x')).toEqual({ label: 'ssh web-1', prefix: 'ssh web-1', argv: ['ssh', 'web-1', 'clmon', 'serve', '--stdio'] });
  });

  it('refuses shell operators and empty prefixes', () => {
    expect(() => splitPrefix('ssh a; rm -rf /', '--via "x"')).toThrow(/--via "x": .*shell operator ";"/);
    expect(() => splitPrefix('ssh a > out', 'w')).toThrow(/shell operator ">"/);
    expect(() => splitPrefix('   ', 'w')).toThrow(/w: the prefix is empty/);
  });
});
