// A sparkline is one precomputed string (ink#401: many small Text nodes cost CPU).

const BLOCKS = '▁▂▃▄▅▆▇█';

export interface SparkScale {
  /** The value drawn as a full block is at least this (so idle noise stays flat). */
  minCeiling?: number;
  /** Scale between the series' min and max instead of from 0 (memory: show the trend). */
  fromMin?: boolean;
}

/**
 * Draw the last `window` samples (oldest first) into `width` cells, right-aligned so that the
 * newest sample is always the right edge; cells with no sample yet are spaces.
 */
export function sparkline(samples: readonly number[], width: number, window = 60, scale: SparkScale = {}): string {
  if (width <= 0) return '';
  // one cell per sample at most: a wider column is padded on the left
  if (width > window) return ' '.repeat(width - window) + sparkline(samples, window, window, scale);
  const recent = samples.length > window ? samples.slice(samples.length - window) : samples;
  if (recent.length === 0) return ' '.repeat(width);
  const cells = bucket(recent, width, window);
  const present = cells.filter((v): v is number => v !== null);
  if (present.length === 0) return ' '.repeat(width);
  let max = Math.max(scale.minCeiling ?? 0, ...present);
  let low = 0;
  if (scale.fromMin) {
    // a span of at least 10 % of the max, centred: a flat series draws mid-height, not as noise
    const min = Math.min(...present);
    const pad = Math.max(0, max * 0.1 - (max - min)) / 2;
    low = Math.max(0, min - pad);
    max += pad;
  }
  const span = max - low;
  let out = '';
  for (const v of cells) {
    if (v === null) out += ' ';
    else if (span <= 0) out += BLOCKS[0];
    else out += BLOCKS[Math.min(BLOCKS.length - 1, Math.max(0, Math.round(((v - low) / span) * (BLOCKS.length - 1))))];
  }
  return out;
}

/** Map a right-aligned window of samples onto cells; a cell covering several samples takes their max. */
function bucket(samples: readonly number[], width: number, window: number): (number | null)[] {
  const cells: (number | null)[] = new Array(width).fill(null);
  const offset = window - samples.length; // virtual index of the oldest sample
  for (let i = 0; i < samples.length; i++) {
    const cell = Math.min(width - 1, Math.floor(((offset + i) * width) / window));
    const v = samples[i]!;
    if (!Number.isFinite(v)) continue; // a gap in the series
    const prev = cells[cell];
    cells[cell] = prev === null || prev === undefined ? v : Math.max(prev, v);
  }
  return cells;
}
