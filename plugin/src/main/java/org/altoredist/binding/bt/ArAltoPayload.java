package org.altoredist.binding.bt;

import bt.protocol.extended.ExtendedMessage;
import java.nio.ByteBuffer;
import org.altoredist.wire.ArAltoMessage;
import org.altoredist.wire.WireLimits;

/**
 * One {@code ar_alto} message as Bt sees it: an extended message whose payload (what follows Bt's
 * length prefix, message id 20 and the peer's extended id) is our bencoded header and, for data,
 * the piece. Going out it holds the encoded header and a view of the piece, so pieces reach Bt's
 * buffer without another copy; coming in it holds the payload's bytes, or only the length of one
 * too long to keep. The binding's {@link ExtensionSession} reads and writes the contents.
 *
 * <p>Public only because Bt's messaging reaches its consumers through public method handles.
 *
 * @see org.altoredist.wire.ExtensionSession
 */
public final class ArAltoPayload extends ExtendedMessage {

  private final byte[] header;
  private final ByteBuffer piece;
  private final int length;

  private ArAltoPayload(byte[] header, ByteBuffer piece, int length) {
    this.header = header;
    this.piece = piece;
    this.length = length;
  }

  /** A message to send: the header the session encoded, and the piece of a data message. */
  static ArAltoPayload outgoing(ArAltoMessage m, byte[] header) {
    ByteBuffer piece = m instanceof ArAltoMessage.Data d ? d.payload().duplicate() : ByteBuffer.allocate(0);
    return new ArAltoPayload(header, piece, header.length + piece.remaining());
  }

  /** A received payload, all of it. */
  static ArAltoPayload received(byte[] payload) {
    return new ArAltoPayload(payload, ByteBuffer.allocate(0), payload.length);
  }

  /** A received payload over {@link WireLimits#MAX_MESSAGE_SIZE}: its bytes were skipped, not kept. */
  static ArAltoPayload oversized(int length) {
    return new ArAltoPayload(null, ByteBuffer.allocate(0), length);
  }

  /** Payload bytes: header and piece. */
  int length() {
    return length;
  }

  boolean oversized() {
    return header == null;
  }

  /** The received bytes (for a received payload), or the header (for one to send). */
  byte[] bytes() {
    return header;
  }

  /** Writes the payload into Bt's buffer; false, writing nothing, when it does not fit yet. */
  boolean writeTo(ByteBuffer buffer) {
    if (buffer.remaining() < length) {
      return false;
    }
    buffer.put(header).put(piece.duplicate());
    return true;
  }

  @Override
  public String toString() {
    return "ar_alto payload of " + length + " bytes";
  }
}
