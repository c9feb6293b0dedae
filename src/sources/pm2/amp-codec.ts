// The framing PM2's daemon speaks on rpc.sock and pub.sock: AMP (the "Abstract Message Protocol"
// of the axon sockets). A frame is one byte (version << 4 | argc), then argc pairs of a 32-bit
// big-endian length and that many bytes. On top of that, each argument is tagged: `s:` a string,
// `j:` JSON, anything else opaque bytes. Written from the protocol description, not PM2's code.

const VERSION = 1;
/** argc lives in the low nibble of the first byte. */
export const MAX_ARGS = 15;
/** A frame larger than this means the stream is corrupt (or hostile): refuse rather than buffer it. */
export const DEFAULT_MAX_FRAME_BYTES = 64 * 1024 * 1024;

const TAG_STRING = Buffer.from('s:');
const TAG_JSON = Buffer.from('j:');

/** Frame raw arguments into one AMP message. */
export function encodeFrame(args: readonly Buffer[]): Buffer {
  if (args.length > MAX_ARGS) throw new RangeError(`an AMP frame holds at most ${MAX_ARGS} arguments, got ${args.length}`);
  let length = 1;
  for (const arg of args) length += 4 + arg.length;
  const frame = Buffer.allocUnsafe(length);
  frame[0] = (VERSION << 4) | args.length;
  let offset = 1;
  for (const arg of args) {
    frame.writeUInt32BE(arg.length, offset);
    arg.copy(frame, offset + 4);
    offset += 4 + arg.length;
  }
  return frame;
}

/** Tag one value the way axon's peers expect: strings as `s:`, Buffers raw, the rest as `j:` JSON. */
export function packValue(value: unknown): Buffer {
  if (Buffer.isBuffer(value)) return value;
  if (typeof value === 'string') return Buffer.concat([TAG_STRING, Buffer.from(value)]);
  return Buffer.concat([TAG_JSON, Buffer.from(JSON.stringify(value === undefined ? null : value))]);
}

/** The inverse of packValue; malformed JSON throws (the caller drops the frame). */
export function unpackValue(arg: Buffer): unknown {
  if (hasTag(arg, TAG_JSON)) return JSON.parse(arg.toString('utf8', 2));
  if (hasTag(arg, TAG_STRING)) return arg.toString('utf8', 2);
  return arg;
}

/** Encode values as one tagged frame. */
export function encodeMessage(values: readonly unknown[]): Buffer {
  return encodeFrame(values.map(packValue));
}

/** Decode one frame's arguments into values. */
export function decodeMessage(args: readonly Buffer[]): unknown[] {
  return args.map(unpackValue);
}

/**
 * Streaming frame parser: feed socket chunks, get whole frames. Chunks are only joined when
 * enough bytes for the next header or argument have arrived, so a large reply split into many
 * chunks is copied a bounded number of times.
 */
export class FrameDecoder {
  private chunks: Buffer[] = [];
  private buffered = 0;
  /** Bytes the unfinished frame needs before parsing is worth trying again. */
  private needed = 1;

  constructor(readonly maxFrameBytes = DEFAULT_MAX_FRAME_BYTES) {}

  /** Bytes held for an unfinished frame. */
  get bufferedBytes(): number {
    return this.buffered;
  }

  /** Feed a chunk; returns the frames it completed. Throws on a corrupt stream. */
  push(chunk: Buffer): Buffer[][] {
    if (chunk.length > 0) {
      this.chunks.push(chunk);
      this.buffered += chunk.length;
    }
    const frames: Buffer[][] = [];
    for (;;) {
      const frame = this.next();
      if (!frame) return frames;
      frames.push(frame);
    }
  }

  /** Parse one frame from the front of the buffer, or null if it is not complete yet. */
  private next(): Buffer[] | null {
    if (this.buffered < this.needed) return null;
    const data = this.joined();
    const meta = data[0]!;
    if (meta >> 4 !== VERSION) throw new Error(`AMP: unsupported protocol version ${meta >> 4} (expected ${VERSION})`);
    const argc = meta & 0x0f;
    let offset = 1;
    const spans: [number, number][] = [];
    for (let i = 0; i < argc; i++) {
      if (data.length < offset + 4) return this.wait(offset + 4);
      const length = data.readUInt32BE(offset);
      if (offset + 4 + length > this.maxFrameBytes) {
        throw new Error(`AMP: a frame of more than ${this.maxFrameBytes} bytes (argument ${i} is ${length} bytes)`);
      }
      if (data.length < offset + 4 + length) return this.wait(offset + 4 + length);
      spans.push([offset + 4, offset + 4 + length]);
      offset += 4 + length;
    }
    // Copy the arguments out so that the rest of a big chunk is not pinned by a small frame.
    const args = spans.map(([start, end]) => Buffer.from(data.subarray(start, end)));
    const rest = data.subarray(offset);
    this.chunks = rest.length > 0 ? [rest] : [];
    this.buffered = rest.length;
    this.needed = 1;
    return args;
  }

  private wait(bytes: number): null {
    this.needed = bytes;
    return null;
  }

  private joined(): Buffer {
    if (this.chunks.length > 1) this.chunks = [Buffer.concat(this.chunks, this.buffered)];
    return this.chunks[0]!;
  }
}

function hasTag(arg: Buffer, tag: Buffer): boolean {
  return arg.length >= 2 && arg[0] === tag[0] && arg[1] === tag[1];
}
