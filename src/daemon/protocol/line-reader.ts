// Splits a socket's byte stream into lines with a hard cap, so a peer that never sends a newline
// cannot grow our memory. Splitting on 0x0A before decoding keeps multi-byte characters whole.

const LF = 0x0a;

export type LineReaderResult = { lines: string[]; overflow: boolean };

export class LineReader {
  private pieces: Buffer[] = [];
  private pendingBytes = 0;
  private overflowed = false;

  constructor(readonly maxLineBytes: number) {}

  /** Feed a chunk; returns complete lines, and overflow = true once a line exceeds the cap (reading stops). */
  push(chunk: Buffer): LineReaderResult {
    const lines: string[] = [];
    if (this.overflowed) return { lines, overflow: true };
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(LF, start);
      const end = nl === -1 ? chunk.length : nl;
      if (this.pendingBytes + (end - start) > this.maxLineBytes) {
        this.overflowed = true;
        this.pieces = [];
        this.pendingBytes = 0;
        return { lines, overflow: true };
      }
      if (nl === -1) {
        if (end > start) {
          this.pieces.push(Buffer.from(chunk.subarray(start, end)));
          this.pendingBytes += end - start;
        }
        return { lines, overflow: false };
      }
      if (this.pendingBytes === 0) {
        lines.push(chunk.toString('utf8', start, nl));
      } else {
        this.pieces.push(chunk.subarray(start, nl));
        lines.push(Buffer.concat(this.pieces).toString('utf8'));
        this.pieces = [];
        this.pendingBytes = 0;
      }
      start = nl + 1;
    }
  }
}
