// Turns a pipe's Buffer chunks into whole lines (docs/supervision.md#logs: never cut or merged mid-line).
// Splitting happens on the 0x0A byte before decoding: in UTF-8 that byte never occurs inside a
// multi-byte character, so a character split across chunks is joined with its line and decoded
// whole (this does what a StringDecoder would, and keeps the length cap exact in bytes).

export const DEFAULT_MAX_LINE_BYTES = 64 * 1024;

const LF = 0x0a;
const CR = 0x0d;

export class LineSplitter {
  /** Copies of the current partial line's pieces (never views that would pin whole chunks). */
  private pieces: Buffer[] = [];
  private pendingBytes = 0;
  /** Bytes of the current line dropped past the cap. */
  private dropped = 0;

  constructor(readonly maxLineBytes = DEFAULT_MAX_LINE_BYTES) {
    if (!Number.isInteger(maxLineBytes) || maxLineBytes < 1) {
      throw new RangeError(`maxLineBytes must be an integer >= 1, got ${maxLineBytes}`);
    }
  }

  /** Bytes held for the unfinished line (at most maxLineBytes). */
  get bufferedBytes(): number {
    return this.pendingBytes;
  }

  /** Feed one chunk; returns the lines it completed, without their line ends. */
  push(chunk: Buffer): string[] {
    const lines: string[] = [];
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(LF, start);
      if (nl === -1) {
        this.keep(chunk, start, chunk.length);
        return lines;
      }
      if (this.pendingBytes === 0 && this.dropped === 0 && nl - start <= this.maxLineBytes) {
        // The common case: the whole line is inside this chunk, decode it in place.
        lines.push(decode(chunk, start, nl));
      } else {
        this.keep(chunk, start, nl);
        lines.push(this.take());
      }
      start = nl + 1;
    }
  }

  /** The stream ended: returns the trailing partial line, if any. */
  end(): string[] {
    return this.pendingBytes > 0 || this.dropped > 0 ? [this.take()] : [];
  }

  private keep(chunk: Buffer, start: number, end: number): void {
    const room = this.maxLineBytes - this.pendingBytes;
    const take = Math.min(room, end - start);
    if (take > 0) {
      this.pieces.push(Buffer.from(chunk.subarray(start, start + take)));
      this.pendingBytes += take;
    }
    this.dropped += end - start - take;
  }

  private take(): string {
    let line = this.pieces.length === 1 ? this.pieces[0]! : Buffer.concat(this.pieces, this.pendingBytes);
    let dropped = this.dropped;
    this.pieces = [];
    this.pendingBytes = 0;
    this.dropped = 0;
    if (dropped === 0) return decode(line, 0, line.length);
    // Cut on a character boundary: the bytes of a split character count as cut too.
    const whole = completeUtf8Length(line);
    dropped += line.length - whole;
    line = line.subarray(0, whole);
    return `${line.toString('utf8')} …[cut ${dropped} bytes]`;
  }
}

/** Decode bytes [start, end) as one line, dropping the CR of a CRLF ending. */
function decode(buf: Buffer, start: number, end: number): string {
  if (end > start && buf[end - 1] === CR) end--;
  return buf.toString('utf8', start, end);
}

/** The length of the longest prefix of buf that does not end inside a UTF-8 character. */
function completeUtf8Length(buf: Buffer): number {
  let i = buf.length - 1;
  let continuation = 0;
  while (i >= 0 && continuation < 3 && (buf[i]! & 0xc0) === 0x80) {
    i--;
    continuation++;
  }
  if (i < 0) return buf.length;
  const lead = buf[i]!;
  const needed = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
  return needed > continuation + 1 ? i : buf.length;
}
