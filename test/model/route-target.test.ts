// The one routing rule (the CLI's members and `serve --stdio`'s clients both use it): which
// supervisors of a home a target goes to.
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { routeTarget, type Routing } from '../../src/model/route-target.js';

interface Member {
  name: string;
  apps: string[];
  host?: boolean;
}
const daemon: Member = { name: 'daemon', apps: ['web', 'api'] };
const run: Member = { name: 'run pid 7', apps: ['worker', 'web2'] };
const idle: Member = { name: 'run pid 9', apps: [] };
const twin: Member = { name: 'run pid 8', apps: ['api'] };

function routing(asked: Member[] = []): Routing<Member> {
  return {
    appsOf: async (m) => (asked.push(m), m.apps),
    nameOf: (m) => m.name,
    allHold: (holders) => holders.every((m) => m.host),
  };
}
const names = (ms: Member[]): string[] => ms.map((m) => m.name);

describe('routeTarget', () => {
  it('sends a target to the supervisor that runs the app, a worker target too', async () => {
    expect(names(await routeTarget([daemon, run], 'worker', routing()))).toEqual(['run pid 7']);
    expect(names(await routeTarget([daemon, run], 'web:3', routing()))).toEqual(['daemon']);
  });

  it('sends all to every supervisor that runs an app', async () => {
    expect(names(await routeTarget([daemon, idle, run], 'all', routing()))).toEqual(['daemon', 'run pid 7']);
  });

  it('leaves a lone supervisor to validate the target itself, without asking it for its apps', async () => {
    const asked: Member[] = [];
    expect(names(await routeTarget([idle], 'nope', routing(asked)))).toEqual(['run pid 9']);
    expect(asked).toEqual([]);
  });

  it('rejects an unknown app with a UserError naming the known ones', async () => {
    const err = await routeTarget([daemon, run], 'nope', routing()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).message).toMatch(/nope/);
    expect((err as UserError).message).toMatch(/web/);
  });

  it('makes an app in two supervisors be picked, naming them, unless every holder may take it', async () => {
    const err = await routeTarget([daemon, run, twin], 'api', routing()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).message).toBe('app "api" runs in 2 supervisors of this home: daemon, run pid 8; pick one with --socket <path>');
    const hosts = [
      { ...daemon, name: 'a', host: true },
      { ...twin, name: 'b', host: true },
    ];
    expect(names(await routeTarget(hosts, 'api', routing()))).toEqual(['a', 'b']);
  });
});
