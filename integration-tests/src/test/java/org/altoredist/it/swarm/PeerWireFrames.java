package org.altoredist.it.swarm;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.altoredist.wire.InfoHash;
import org.altoredist.wire.PeerWireHandshake;
import org.altoredist.wire.WireLimits;

/**
 * The peer-wire framing (BEP 3 handshake, length-prefixed messages, BEP 10 extended messages) read
 * and written by hand, for test code that must see or produce the exact bytes: the scripted
 * hostile peer and the reader of captured traffic. What goes inside an extended message is left
 * to the project's own codec ({@code ExtensionMessageCodec}, {@code ExtensionHandshake}).
 */
public final class PeerWireFrames {

  /** BEP 10: the message id of every extended message. */
  public static final int EXTENDED = 20;
  /** BEP 6: have_none. */
  public static final int HAVE_NONE = 0x0F;

  private PeerWireFrames() {}

  /**
   * One message after the handshake. {@code messageId} is -1 for a keep-alive; for an extended
   * message, {@code extendedId} is its id and {@code payload} what follows it, else
   * {@code extendedId} is -1 and {@code payload} the message's body.
   */
  public record Frame(int messageId, int extendedId, byte[] payload) {
    public boolean keepAlive() {
      return messageId < 0;
    }

    @Override
    public String toString() {
      return keepAlive() ? "keep-alive" : "message " + messageId + (extendedId >= 0 ? "/" + extendedId : "")
          + " (" + payload.length + " bytes)";
    }
  }

  /** Reads a BEP 3 handshake; fails unless it starts with the BitTorrent protocol string. */
  public static PeerWireHandshake readHandshake(DataInputStream in) throws IOException {
    byte[] b = new byte[PeerWireHandshake.LENGTH];
    in.readFully(b);
    int p = PeerWireHandshake.PROTOCOL.length;
    if (!Arrays.equals(b, 0, p, PeerWireHandshake.PROTOCOL, 0, p)) {
      throw new IOException("not a BitTorrent handshake: " + java.util.HexFormat.of().formatHex(b, 0, p));
    }
    return new PeerWireHandshake(Arrays.copyOfRange(b, p, p + 8),
        InfoHash.of(Arrays.copyOfRange(b, p + 8, p + 8 + InfoHash.LENGTH)),
        Arrays.copyOfRange(b, p + 8 + InfoHash.LENGTH, PeerWireHandshake.LENGTH));
  }

  /**
   * Reads one message; null at a clean end of stream (between messages). A length above what
   * libtorrent accepts, or a stream ending inside a message, fails.
   */
  public static Frame readFrame(DataInputStream in) throws IOException {
    int length;
    try {
      length = in.readInt();
    } catch (EOFException e) {
      return null;
    }
    if (length == 0) {
      return new Frame(-1, -1, new byte[0]);
    }
    if (length < 0 || length > WireLimits.MAX_FRAME_LENGTH) {
      throw new IOException("length prefix " + Integer.toUnsignedString(length) + " exceeds " + WireLimits.MAX_FRAME_LENGTH);
    }
    int id = in.readUnsignedByte();
    if (id == EXTENDED) {
      if (length < 2) {
        throw new IOException("extended message without an extended id");
      }
      int ext = in.readUnsignedByte();
      byte[] payload = new byte[length - 2];
      in.readFully(payload);
      return new Frame(id, ext, payload);
    }
    byte[] body = new byte[length - 1];
    in.readFully(body);
    return new Frame(id, -1, body);
  }

  /** An extended message: length prefix, 20, the receiver's id for the extension, then the payload. */
  public static byte[] extended(int extendedId, byte[] payload) {
    return ByteBuffer.allocate(6 + payload.length).putInt(2 + payload.length).put((byte) EXTENDED)
        .put((byte) extendedId).put(payload).array();
  }
}
