/**
 * `--verb 3`: a transport wrapper that prints every frame sent and received in hex. Wrapping
 * the link, rather than reading NODE_DEBUG, also shows the frames the client drops (late or
 * foreign replies), which is what one looks for when something is wrong.
 * @module
 */
import { encodeFrame, toHex } from '../protocol/frame.js';
import { DelegatingTransport } from '../transport/delegating-transport.js';
import type { FrameListener, Transport } from '../transport/transport.js';

/**
 * Reports each frame's bytes, `>` handed to the link (followed by `! not sent: why` when the
 * link did not write it), `<` received; everything else is forwarded as is, the send options
 * included (an abandoned frame stays off the wire).
 */
export class TracingTransport extends DelegatingTransport {
  /**
   * @param inner the real link
   * @param print receives one line per frame
   */
  constructor(
    inner: Transport,
    private readonly print: (line: string) => void,
  ) {
    super(inner);
  }

  /** {@inheritDoc Transport.send} */
  override async send(...args: Parameters<Transport['send']>): Promise<void> {
    this.print(`> ${toHex(args[0])}`);
    try {
      await super.send(...args);
    } catch (error) {
      // The `>` line came first: say that this frame did not go out after all.
      this.print(`! not sent: ${error instanceof Error ? error.message : String(error)}`);
      throw error;
    }
  }

  /** {@inheritDoc Transport.setFrameListener} */
  override setFrameListener(listener: FrameListener | undefined): void {
    super.setFrameListener(
      listener === undefined
        ? undefined
        : (frame) => {
            this.print(`< ${toHex(encodeFrame(frame))}`);
            listener(frame);
          },
    );
  }
}
