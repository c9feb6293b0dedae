// `--metrics [host:]port` (docs/supervision.md#metrics-endpoint): the one thing of clmon that listens on the network, opt-in,
// on 127.0.0.1 unless a host is given.
import { isIP } from 'node:net';
import { UserError } from '../errors.js';

export interface MetricsAddress {
  host: string;
  port: number;
}

const FORMS = 'a port (9100), host:port (127.0.0.1:9100, 0.0.0.0:9100, localhost:9100) or [ipv6]:port ([::1]:9100)';

/** Parse the option's value; a bad one is a UserError naming it and the accepted forms. */
export function parseMetricsAddress(value: string, option = '--metrics'): MetricsAddress {
  const text = value.trim();
  const match = /^(?:\[([0-9a-fA-F:.]+)\]:|([A-Za-z0-9.-]+):)?(\d{1,5})$/.exec(text);
  const port = match ? Number(match[3]) : NaN;
  const host = match ? (match[1] ?? match[2] ?? '127.0.0.1') : '';
  const hostOk =
    match?.[1] !== undefined
      ? isIP(host) === 6
      : isIP(host) === 4 || /^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*$/.test(host);
  if (!match || !hostOk || !(port >= 1 && port <= 65535)) {
    throw new UserError(`${option} ${JSON.stringify(value)} is not valid; use ${FORMS}`);
  }
  return { host, port };
}

/** As the user would write it again: `127.0.0.1:9100`, `[::1]:9100`. */
export function formatMetricsAddress(address: MetricsAddress): string {
  return isIP(address.host) === 6 ? `[${address.host}]:${address.port}` : `${address.host}:${address.port}`;
}
