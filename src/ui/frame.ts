// Render only what changed the screen. Each React commit makes Ink lay out and redraw the whole
// frame (a 160x48 frame: ~10 ms of tokenizing and measuring every cell, measured), whether or not
// anything on it changed, and most of the store's publications (the clock, a metrics poll of idle
// workers) change nothing visible. So the dashboard's element tree is unfolded: the components
// that hold the screen's layout are called in place, down to leaves whose props decide their
// output (LineText, Sparkline, Ink's Box and Text); that tree is described by a key, and a
// publication whose tree has the key of the one on screen is not rendered.
import { type ReactElement, type ReactNode, cloneElement, isValidElement } from 'react';

/**
 * The tree with each component of `unfoldable` called in place (they must be plain functions of
 * their props: no hooks); what is left is what React would mount, minus those boundaries.
 */
export function unfold(node: ReactNode, unfoldable: ReadonlySet<unknown>): ReactNode {
  if (Array.isArray(node)) return node.map((n) => unfold(n, unfoldable));
  if (!isValidElement(node)) return node;
  const el = node as ReactElement<Record<string, unknown>>;
  if (unfoldable.has(el.type)) {
    const render = el.type as (props: Record<string, unknown>) => ReactNode;
    return withKey(unfold(render(el.props), unfoldable), el.key);
  }
  const children = el.props.children;
  if (children === undefined || typeof children === 'string') return el;
  const unfolded = unfold(children as ReactNode, unfoldable);
  // positional, as JSX passed them (one array argument would ask every child for a key)
  return Array.isArray(children) ? cloneElement(el, undefined, ...(unfolded as ReactNode[])) : cloneElement(el, undefined, unfolded);
}

/** A string equal for two unfolded trees exactly when they draw the same frame. */
export function frameKey(node: ReactNode): string {
  const out: string[] = [];
  describe(node, out);
  return out.join('');
}

function describe(node: ReactNode, out: string[]): void {
  if (node === null || node === undefined || typeof node === 'boolean') return void out.push('_');
  if (typeof node === 'string' || typeof node === 'number' || typeof node === 'bigint') return void out.push(JSON.stringify(String(node)));
  if (Array.isArray(node)) {
    out.push('[');
    for (const n of node) describe(n as ReactNode, out);
    return void out.push(']');
  }
  if (!isValidElement(node)) return void out.push('?');
  const el = node as ReactElement<Record<string, unknown>>;
  out.push('<', typeName(el.type), ' ', String(el.key));
  for (const [name, value] of Object.entries(el.props)) {
    if (name === 'children' || typeof value === 'function') continue;
    out.push(' ', name, '=', JSON.stringify(value) ?? 'u');
  }
  out.push('>');
  describe(el.props.children as ReactNode, out);
  out.push('/');
}

function typeName(type: unknown): string {
  if (typeof type === 'string') return type;
  if (typeof type === 'symbol') return String(type);
  if (typeof type === 'function') return type.name || 'anonymous';
  const t = type as { displayName?: string; render?: { name?: string } } | null;
  return t?.displayName ?? t?.render?.name ?? 'object';
}

function withKey(node: ReactNode, key: string | null): ReactNode {
  if (key === null || !isValidElement(node) || node.key === key) return node;
  return cloneElement(node, { key });
}
