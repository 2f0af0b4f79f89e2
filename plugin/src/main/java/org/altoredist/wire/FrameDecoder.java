package org.altoredist.wire;

import java.nio.ByteBuffer;

/**
 * Splits a peer-wire byte stream into the BEP 3 handshake and length-prefixed messages, in any
 * chunking: a frame split across calls resumes where it stopped, and nothing is delivered before
 * it is complete.
 *
 * <p>Memory is bounded before it is used: a length prefix above {@link WireLimits#MAX_FRAME_LENGTH}
 * fails at once; only extension messages under id 0 (handshake) or our own {@code ar_alto} id are
 * buffered, and only up to {@link WireLimits#MAX_MESSAGE_SIZE}; every other message is skipped
 * without being stored (we hold no pieces and read no bitfield).
 */
final class FrameDecoder {

  static final int EXTENDED = 20;
  static final int HAVE_ALL = 0x0E;
  static final int HAVE_NONE = 0x0F;

  /** Receives what the decoder finds; called on the thread that feeds it. */
  interface Sink {
    void handshake(PeerWireHandshake handshake) throws WireException;

    void keepAlive();

    /** have_all or have_none (BEP 6), already checked to be exactly one byte long. */
    void haveAllOrNone(int messageId) throws WireException;

    /** An extension message under id 0 or our id; {@code buf[off, off+len)} is the payload after the id. */
    void extended(int extendedId, byte[] buf, int off, int len) throws WireException;

    /** A message that is skipped unread: another extension's id, or any other message id. */
    void skipped(int messageId, int extendedId, int length);
  }

  private enum State { HANDSHAKE, LENGTH, ID, EXTENDED_ID, BODY, SKIP }

  private final int ourExtensionId;
  private State state = State.HANDSHAKE;
  private final byte[] handshake = new byte[PeerWireHandshake.LENGTH];
  private final byte[] header = new byte[4];
  private int filled;
  private int length;
  private int messageId;
  private int extendedId;
  private byte[] body;
  private int remaining;

  /**
   * @param expectHandshake false to start at the first length prefix (a stream whose handshake
   *     someone else has read)
   */
  FrameDecoder(int ourExtensionId, boolean expectHandshake) {
    this.ourExtensionId = ourExtensionId;
    this.state = expectHandshake ? State.HANDSHAKE : State.LENGTH;
  }

  /** True once the peer's handshake has been read. */
  boolean handshakeDone() {
    return state != State.HANDSHAKE;
  }

  /** Consumes all of {@code in}. */
  void feed(ByteBuffer in, Sink sink) throws WireException {
    while (in.hasRemaining()) {
      switch (state) {
        case HANDSHAKE -> readHandshake(in, sink);
        case LENGTH -> readLength(in, sink);
        case ID -> readId(in, sink);
        case EXTENDED_ID -> readExtendedId(in.get() & 0xff, sink);
        case BODY -> readBody(in, sink);
        case SKIP -> {
          int n = Math.min(remaining, in.remaining());
          in.position(in.position() + n);
          remaining -= n;
          if (remaining == 0) {
            state = State.LENGTH;
          }
        }
      }
    }
  }

  private void readHandshake(ByteBuffer in, Sink sink) throws WireException {
    while (in.hasRemaining() && filled < PeerWireHandshake.LENGTH) {
      byte b = in.get();
      // Check the protocol string as it arrives, so garbage (or an encrypted MSE handshake) is
      // refused at its first wrong byte instead of after a timeout.
      if (filled < PeerWireHandshake.PROTOCOL.length && b != PeerWireHandshake.PROTOCOL[filled]) {
        throw new WireException(DisconnectReason.BAD_HANDSHAKE,
            String.format("byte %d is 0x%02x, expected 0x%02x", filled, b & 0xff, PeerWireHandshake.PROTOCOL[filled]));
      }
      handshake[filled++] = b;
    }
    if (filled == PeerWireHandshake.LENGTH) {
      filled = 0;
      state = State.LENGTH;
      sink.handshake(PeerWireHandshake.decode(handshake));
    }
  }

  private void readLength(ByteBuffer in, Sink sink) throws WireException {
    if (filled == 0 && in.remaining() >= 4) {
      length = in.getInt();
    } else {
      while (in.hasRemaining() && filled < 4) {
        header[filled++] = in.get();
      }
      if (filled < 4) {
        return;
      }
      filled = 0;
      length = ByteBuffer.wrap(header).getInt();
    }
    if (length == 0) {
      sink.keepAlive();
      return;
    }
    if (length < 0 || length > WireLimits.MAX_FRAME_LENGTH) {
      throw new WireException(DisconnectReason.FRAME_TOO_LARGE,
          Integer.toUnsignedString(length) + " bytes > " + WireLimits.MAX_FRAME_LENGTH);
    }
    state = State.ID;
  }

  private void readId(ByteBuffer in, Sink sink) throws WireException {
    messageId = in.get() & 0xff;
    int rest = length - 1;
    if (messageId == HAVE_ALL || messageId == HAVE_NONE) {
      if (rest != 0) {
        throw new WireException(DisconnectReason.MALFORMED_FRAME, "have_all/have_none of length " + length);
      }
      state = State.LENGTH;
      sink.haveAllOrNone(messageId);
    } else if (messageId == EXTENDED) {
      if (rest == 0) {
        throw new WireException(DisconnectReason.MALFORMED_FRAME, "extended message without an extended id");
      }
      state = State.EXTENDED_ID;
    } else {
      skip(rest, sink, -1);
    }
  }

  private void readExtendedId(int id, Sink sink) throws WireException {
    extendedId = id;
    int payload = length - 2;
    if (id != 0 && id != ourExtensionId) {
      skip(payload, sink, id);
      return;
    }
    if (payload > WireLimits.MAX_MESSAGE_SIZE) {
      throw new WireException(DisconnectReason.MESSAGE_TOO_LARGE,
          "extended id " + id + ": " + payload + " bytes > " + WireLimits.MAX_MESSAGE_SIZE);
    }
    body = new byte[payload];
    filled = 0;
    state = State.BODY;
    if (payload == 0) {
      deliver(sink);
    }
  }

  private void readBody(ByteBuffer in, Sink sink) throws WireException {
    int n = Math.min(body.length - filled, in.remaining());
    in.get(body, filled, n);
    filled += n;
    if (filled == body.length) {
      deliver(sink);
    }
  }

  private void deliver(Sink sink) throws WireException {
    byte[] b = body;
    body = null;
    filled = 0;
    state = State.LENGTH;
    sink.extended(extendedId, b, 0, b.length);
  }

  private void skip(int bytes, Sink sink, int extId) {
    sink.skipped(messageId, extId, bytes);
    remaining = bytes;
    state = bytes == 0 ? State.LENGTH : State.SKIP;
  }
}
