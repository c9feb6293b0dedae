// Which supervisors of a home a target concerns when there are several (the daemon and
// `clmon run`s, or --via hosts): `all` is every one that runs an app; an app is the one that runs
// it; a name in two of them must be picked, unless every holder may take it (the same app on
// each host is the point of --via). One rule for the CLI's members (cli/route-target.ts) and for
// `clmon serve --stdio`'s clients (remote/home-controller.ts); each says how to ask a member for
// its apps and how to name it.
import { UserError } from '../errors.js';
import { parseTarget } from './targets.js';

export interface Routing<M> {
  /** The names of the apps a member runs. */
  appsOf: (member: M) => Promise<readonly string[]>;
  /** How the error for an app in several members names one (with how to pick it). */
  nameOf: (member: M) => string;
  /** The holders of one app may all be acted on (default: never). */
  allHold?: (holders: readonly M[]) => boolean;
}

/** The members to act on for `target`; unknown or ambiguous apps are UserErrors. */
export async function routeTarget<M>(members: readonly M[], target: string, routing: Routing<M>): Promise<M[]> {
  // One supervisor validates the target itself, with the same message: skip a round trip.
  if (members.length === 1) return [...members];
  const names = await Promise.all(members.map((m) => routing.appsOf(m)));
  const parsed = parseTarget(target, [...new Set(names.flat())]);
  if (parsed.kind === 'all') return members.filter((_, i) => names[i]!.length > 0);
  const holders = members.filter((_, i) => names[i]!.includes(parsed.app));
  if (holders.length > 1 && !routing.allHold?.(holders)) {
    const where = holders.map(routing.nameOf).join(', ');
    throw new UserError(`app "${parsed.app}" runs in ${holders.length} supervisors of this home: ${where}; pick one with --socket <path>`);
  }
  return holders;
}
