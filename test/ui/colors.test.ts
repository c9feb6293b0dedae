import { describe, expect, it } from 'vitest';
import { colorsEnabled } from '../../src/ui/palette.js';

describe('colorsEnabled', () => {
  it('follows NO_COLOR unless FORCE_COLOR says otherwise', () => {
    expect(colorsEnabled({})).toBe(true);
    expect(colorsEnabled({ NO_COLOR: '1' })).toBe(false);
    expect(colorsEnabled({ NO_COLOR: '' })).toBe(true); // no-color.org: only a non-empty value counts
    expect(colorsEnabled({ NO_COLOR: '1', FORCE_COLOR: '1' })).toBe(true);
    expect(colorsEnabled({ FORCE_COLOR: '0' })).toBe(false);
  });
});

describe('rendering with and without colours', () => {
  it('colours the status column, and drops colours but keeps the selection highlight when off', async () => {
    // chalk (under Ink) decides its colour level when first imported: force it before loading Ink
    const saved = process.env.FORCE_COLOR;
    process.env.FORCE_COLOR = '1';
    const { renderToString } = await import('ink');
    const { createElement } = await import('react');
    const { WorkerTable } = await import('../../src/ui/components/WorkerTable.js');
    const { ColorContext } = await import('../../src/ui/palette.js');
    const { twoApps } = await import('./helpers/snapshots.js');
    const table = (colors: boolean): string =>
      renderToString(
        createElement(
          ColorContext.Provider,
          { value: colors },
          createElement(WorkerTable, { snapshot: twoApps(), history: new Map(), selected: { app: 'web', id: 0 }, age: 0, width: 100, height: 10 }),
        ),
        { columns: 100 },
      );
    const GREEN = '\x1b[32m';
    const INVERSE = '\x1b[7m';
    expect(table(true)).toContain(`${GREEN}online`);
    const plain = table(false);
    expect(plain).not.toMatch(/\x1b\[3[0-9]m/);
    expect(plain).toContain(INVERSE);
    if (saved === undefined) delete process.env.FORCE_COLOR;
    else process.env.FORCE_COLOR = saved;
  });
});
