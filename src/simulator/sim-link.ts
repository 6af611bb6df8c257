/**
 * A link: one conversation an endpoint answers on — a TCP connection, or a UDP or serial
 * transport until it drops. A reply belongs to the link its request came on, and dies with it.
 * @module
 */
import type { Frame } from '../protocol/frame.js';
import type { Transport } from '../transport/transport.js';

/** One conversation: where a request came from, and the only place its reply may go. */
export interface SimLink {
  /** The peer (`127.0.0.1:53211`, a device path, the UDP client address). */
  readonly peer: string;
  /** False once the link has gone: nothing is written on it any more. */
  readonly isUp: boolean;
  /**
   * Writes bytes; resolves once the system has taken them (so at most one write waits in
   * memory per link, however slowly the peer reads), rejects when the link is gone.
   */
  write(bytes: Uint8Array): Promise<void>;
}

/** What a {@link MultiLinkTransport} tells its endpoint. */
export interface LinkHandler {
  /** A whole frame arrived on `link`. */
  frame(frame: Frame, link: SimLink): void;
  /** `link` is gone (peer left, dropped, transport closed); it never comes back. */
  ended(link: SimLink): void;
  /** A connection was refused (too many at once); `peer` is who tried. */
  refused(peer: string): void;
  /**
   * Whether a frame from `link` would be taken now. While not, a multi-link transport may
   * throw its bytes away undecoded (and report them to {@link LinkHandler.discarded}): a
   * flood then costs no more than reading it.
   */
  hasRoom(link: SimLink): boolean;
  /** `bytes` from `link` were thrown away undecoded because it had no room. */
  discarded(link: SimLink, bytes: number): void;
}

/** A transport serving several links at once, telling which link each frame came on. */
export interface MultiLinkTransport extends Transport {
  /** The links up now. */
  readonly links: readonly SimLink[];
  /** Sets (or removes) the handler of frames and link ends. */
  setLinkHandler(handler: LinkHandler | undefined): void;
  /** Closes one link (the `close` fault, `closeConnection()`). */
  closeLink(link: SimLink): Promise<void>;
}

/** Whether `transport` serves several links at once. */
export function isMultiLink(transport: Transport): transport is MultiLinkTransport {
  return typeof (transport as Partial<MultiLinkTransport>).setLinkHandler === 'function';
}

/**
 * The link of a transport that carries one conversation at a time (UDP to the configured
 * client address, a serial device, a connection we made): it lasts until the transport drops
 * or reopens, and a reply planned before that is never written after it.
 */
export class TransportLink implements SimLink {
  private up = true;

  /**
   * @param transport the transport written to
   * @param peer who is at the other end
   */
  constructor(
    private readonly transport: Transport,
    readonly peer: string,
  ) {}

  /** {@inheritDoc SimLink.isUp} */
  get isUp(): boolean {
    return this.up;
  }

  /** {@inheritDoc SimLink.write} */
  write(bytes: Uint8Array): Promise<void> {
    return this.transport.send(bytes);
  }

  /** Marks the link gone. */
  end(): void {
    this.up = false;
  }
}
