package org.altoredist.wire;

import java.nio.ByteBuffer;

/** Encodes peer-wire messages as the byte buffers to write, in order. */
final class Frames {

  /** Length prefix (4), message id 20 (1), extended id (1). */
  private static final int EXTENDED_HEAD = 6;

  private Frames() {}

  /** BEP 3: a zero length prefix. */
  static ByteBuffer keepAlive() {
    return ByteBuffer.allocate(4);
  }

  /** BEP 6: {@code <len=0x0001><op=0x0F>}. */
  static ByteBuffer haveNone() {
    return ByteBuffer.wrap(new byte[] {0, 0, 0, 1, FrameDecoder.HAVE_NONE});
  }

  /** Extended message: length prefix, 20, the receiver's extended id, then {@code payload}. */
  static ByteBuffer extended(int extendedId, byte[] payload) {
    return extendedHead(extendedId, payload, 0).flip();
  }

  /**
   * An ar_alto message as one or two buffers: the framed header, then (data only) the piece as a
   * view of the caller's bytes, so pieces go to the socket without a copy.
   */
  static ByteBuffer[] extended(int extendedId, ArAltoMessage m) {
    return extended(extendedId, m, ExtensionMessageCodec.encodeHeader(m));
  }

  /** As {@link #extended(int, ArAltoMessage)}, with the header already encoded. */
  static ByteBuffer[] extended(int extendedId, ArAltoMessage m, byte[] header) {
    if (m instanceof ArAltoMessage.Data d) {
      ByteBuffer piece = d.payload().duplicate();
      return new ByteBuffer[] {extendedHead(extendedId, header, piece.remaining()).flip(), piece};
    }
    return new ByteBuffer[] {extendedHead(extendedId, header, 0).flip()};
  }

  private static ByteBuffer extendedHead(int extendedId, byte[] header, int trailing) {
    ByteBuffer b = ByteBuffer.allocate(EXTENDED_HEAD + header.length);
    b.putInt(2 + header.length + trailing).put((byte) FrameDecoder.EXTENDED).put((byte) extendedId).put(header);
    return b;
  }
}
