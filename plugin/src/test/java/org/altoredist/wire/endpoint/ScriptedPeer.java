package org.altoredist.wire.endpoint;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.altoredist.wire.InfoHash;

/**
 * A hand-scripted peer on a plain blocking socket (libtorrent's simulation/fake_peer.hpp is the
 * model): it writes whatever bytes a test wants, well-formed or not, and reads frames with its own
 * minimal parser so that it does not share code with the decoder under test.
 */
final class ScriptedPeer implements AutoCloseable {

  /** One peer-wire message; id -1 is a keep-alive, {@code extendedId} is set for id 20. */
  record Frame(int id, int extendedId, byte[] payload) {
    String text() {
      return new String(payload, StandardCharsets.ISO_8859_1);
    }
  }

  static final byte[] PEER_ID = "-SP0001-scriptedpeer".getBytes(StandardCharsets.US_ASCII);

  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;

  private ScriptedPeer(Socket socket) throws IOException {
    this.socket = socket;
    socket.setSoTimeout((int) RecordingListener.DEADLINE.toMillis());
    socket.setTcpNoDelay(true);
    this.in = new DataInputStream(socket.getInputStream());
    this.out = socket.getOutputStream();
  }

  static ScriptedPeer connect(InetSocketAddress endpoint, String localIp) throws IOException {
    Socket s = new Socket();
    s.bind(new InetSocketAddress(InetAddress.getByName(localIp), 0));
    s.connect(endpoint, 5000);
    return new ScriptedPeer(s);
  }

  static byte[] handshake(InfoHash infoHash, boolean extension, boolean fast) {
    ByteBuffer b = ByteBuffer.allocate(68);
    b.put((byte) 19).put("BitTorrent protocol".getBytes(StandardCharsets.US_ASCII));
    byte[] reserved = new byte[8];
    reserved[5] = (byte) (extension ? 0x10 : 0);
    reserved[7] = (byte) (fast ? 0x04 : 0);
    return b.put(reserved).put(infoHash.bytes()).put(PEER_ID).array();
  }

  static byte[] extended(int extendedId, byte[] payload) {
    return ByteBuffer.allocate(6 + payload.length).putInt(2 + payload.length).put((byte) 20)
        .put((byte) extendedId).put(payload).array();
  }

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  void send(byte[]... parts) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      all.writeBytes(p);
    }
    out.write(all.toByteArray());
    out.flush();
  }

  byte[] readHandshake() throws IOException {
    byte[] b = new byte[68];
    in.readFully(b);
    return b;
  }

  Frame readFrame() throws IOException {
    int len = in.readInt();
    if (len == 0) {
      return new Frame(-1, -1, new byte[0]);
    }
    int id = in.readUnsignedByte();
    int ext = -1;
    int rest = len - 1;
    if (id == 20) {
      ext = in.readUnsignedByte();
      rest--;
    }
    byte[] payload = new byte[rest];
    in.readFully(payload);
    return new Frame(id, ext, payload);
  }

  /** Reads frames until one of message id 20 under {@code extendedId} arrives. */
  Frame readExtended(int extendedId) throws IOException {
    while (true) {
      Frame f = readFrame();
      if (f.id() == 20 && f.extendedId() == extendedId) {
        return f;
      }
    }
  }

  /**
   * The opening a real ar_alto peer makes: BEP 3 handshake with both bits, their handshake, then
   * our extension handshake {@code extensionHandshake}, then their have_none and extension handshake.
   */
  Frame open(InfoHash infoHash, String extensionHandshake) throws IOException {
    send(handshake(infoHash, true, true));
    readHandshake();
    send(extended(0, ascii(extensionHandshake)));
    return readExtended(0);
  }

  /** True if the endpoint closed the connection before the deadline; frames before that are dropped. */
  boolean closedWithin(Duration deadline) throws IOException {
    socket.setSoTimeout((int) deadline.toMillis());
    try {
      while (true) {
        readFrame();
      }
    } catch (EOFException | SocketException e) {
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    }
  }

  /** Bytes the endpoint sent before closing, read until end of stream. */
  int bytesUntilClosed() throws IOException {
    int n = 0;
    try {
      while (in.read() >= 0) {
        n++;
      }
    } catch (SocketException e) {
      return n;
    }
    return n;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
