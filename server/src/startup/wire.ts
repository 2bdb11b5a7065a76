// The LSP transport as whole messages, for the loader's front (startup/front.ts), which answers before the server
// bundle has loaded and then hands every message on to it: stdio (Content-Length frames) or Node IPC (`--node-ipc`,
// how the extension starts the server). Node built-ins only: it is part of the small loader bundle.

export type Message = Record<string, unknown>;

export interface Wire {
  /** Messages from the client, in order; one listener. */
  onMessage(listener: (msg: Message) => void): void;
  send(msg: Message): void;
  /** The client went away (stdin ended, IPC channel closed). */
  onClose(listener: () => void): void;
}

const HEADER_END = Buffer.from('\r\n\r\n');

/** Splits a byte stream into LSP messages; a frame may arrive in pieces or several in one chunk. */
export class FrameReader {
  private buf: Buffer = Buffer.alloc(0);

  constructor(
    private readonly emit: (msg: Message) => void,
    /** A frame that can't be read (no length, bad JSON): the stream can't be trusted after it. */
    private readonly fail: (why: string) => void,
  ) {}

  push(chunk: Buffer): void {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    for (;;) {
      const end = this.buf.indexOf(HEADER_END);
      if (end < 0) return;
      const headers = this.buf.toString('ascii', 0, end);
      const m = /(?:^|\r\n)content-length: *(\d+)/i.exec(headers);
      if (!m) return this.fail('frame without Content-Length');
      const length = Number(m[1]);
      const start = end + HEADER_END.length;
      if (this.buf.length < start + length) return;
      const body = this.buf.toString('utf8', start, start + length);
      this.buf = this.buf.subarray(start + length);
      let msg: unknown;
      try {
        msg = JSON.parse(body);
      } catch {
        return this.fail('frame is not JSON');
      }
      if (typeof msg === 'object' && msg !== null) this.emit(msg as Message);
    }
  }
}

export function frame(msg: Message): Buffer {
  const body = Buffer.from(JSON.stringify(msg), 'utf8');
  return Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii'), body]);
}

/** The process's own transport, from its arguments as vscode-languageserver reads them; undefined for sockets and pipes. */
export function processWire(argv: readonly string[]): Wire | undefined {
  let listener: (msg: Message) => void = () => undefined;
  const closers: (() => void)[] = [];
  const close = (): void => {
    for (const c of closers.splice(0)) c();
  };
  if (argv.includes('--node-ipc') && process.send) {
    process.on('message', (m) => typeof m === 'object' && m !== null && listener(m as Message));
    process.on('disconnect', close);
    return {
      onMessage: (l) => (listener = l),
      send: (msg) => void process.send?.(msg),
      onClose: (l) => void closers.push(l),
    };
  }
  if (argv.includes('--stdio')) {
    const reader = new FrameReader(
      (m) => listener(m),
      (why) => {
        process.stderr.write(`kedro-lens: ${why}; closing\n`);
        close();
      },
    );
    process.stdin.on('data', (chunk: Buffer) => reader.push(chunk));
    process.stdin.on('end', close);
    process.stdin.on('close', close);
    // stdout carries the protocol: a stray console.log would corrupt it (vscode-languageserver patches console the same way).
    for (const k of ['log', 'info', 'warn', 'debug'] as const) console[k] = (...args: unknown[]) => console.error(...args);
    return {
      onMessage: (l) => (listener = l),
      send: (msg) => void process.stdout.write(frame(msg)),
      onClose: (l) => void closers.push(l),
    };
  }
  return undefined;
}
