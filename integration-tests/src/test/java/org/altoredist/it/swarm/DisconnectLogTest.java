package org.altoredist.it.swarm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The swarm tests' check that no vanilla client dropped an ALTO peer can fail: a peer that breaks
 * the extension protocol is dropped by each of the five vanilla clients, and each one's own log or
 * alerts say so; a peer that lists {@code ar_alto} in its extension handshake and exchanges
 * handshakes politely is not reported, nor is a peer that never connected.
 *
 * <p>What breaks the protocol differs by client, because they drop for different things (their
 * Javadoc says which): rtorrent, libtorrent (libtorrent4j), Debian's python3-libtorrent and aria2
 * drop an extended message under an id they never advertised; Transmission skips that, and drops
 * an extended message too short to hold an extended id.
 */
class DisconnectLogTest {

  /** An extended id no client advertises: libtorrent's, rtorrent's and aria2's run from 1 to a handful. */
  private static final int UNADVERTISED = 200;
  private static final byte[] UNADVERTISED_MESSAGE =
      PeerWireFrames.extended(UNADVERTISED, "d1:ai1ee".getBytes(StandardCharsets.US_ASCII));
  /** An extended message (BEP 10: id 20) that ends before its extended id. */
  private static final byte[] NO_EXTENDED_ID = {0, 0, 0, 1, PeerWireFrames.EXTENDED};
  /** The extension handshake of a Bt peer as the vanilla clients see it, ar_alto listed. */
  private static final byte[] POLITE_HANDSHAKE = "d1:md7:ar_altoi1e6:ut_pexi2eee".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] RUDE_HANDSHAKE = "d1:md6:ut_pexi1eee".getBytes(StandardCharsets.US_ASCII);
  private static final Duration DEADLINE = Duration.ofSeconds(30);

  @TempDir
  Path dir;

  @Test
  void aPeerBreakingTheExtensionProtocolShowsInTheClientsDropLogsAndAPoliteOneDoesNot() throws Exception {
    Assumptions.assumeTrue(RtorrentPeer.available(), "rtorrent is not installed (.ci/run installs it)");
    SwarmContent content = SwarmContent.create(dir.resolve("content"), 1 << 20, 5,
        Tracker.announceUrl(Tracker.reservePort()));
    InetAddress rude = Loopback.host(5, 9);
    InetAddress absent = Loopback.host(5, 8);
    InetAddress polite = Loopback.host(5, 7);
    try (RtorrentPeer rt = RtorrentPeer.start(Loopback.host(5, 1), dir.resolve("rtorrent"), content);
        LibtorrentPeer lt = LibtorrentPeer.leecher(Loopback.host(5, 2), dir.resolve("libtorrent"), content);
        PythonLibtorrentPeer py =
            PythonLibtorrentPeer.start(Loopback.host(5, 3), dir.resolve("python"), content, false);
        TransmissionPeer tr = TransmissionPeer.start(Loopback.host(5, 4), dir.resolve("transmission"), content, false);
        Aria2Peer a2 = Aria2Peer.start(Loopback.host(5, 5), dir.resolve("aria2"), content, false)) {
      Map<SwarmPeer, byte[]> violation = new LinkedHashMap<>();
      List.<SwarmPeer>of(rt, lt, py, a2).forEach(p -> violation.put(p, UNADVERTISED_MESSAGE));
      violation.put(tr, NO_EXTENDED_ID);
      violation.forEach((p, rudeMessage) -> {
        // A client still checking its torrent hangs up before its handshake: try until one answers.
        Await.until(p.name() + " exchanges handshakes with a polite peer", DEADLINE,
            () -> exchangePolitely(polite, p.listenAddress(), content.infoHash()), p::diagnostics);
        Await.until(p.name() + " answers the handshake", DEADLINE,
            () -> sendAfterHandshakes(rude, p.listenAddress(), content.infoHash(), rudeMessage), p::diagnostics);
      });
      for (SwarmPeer p : violation.keySet()) {
        DisconnectLog d = (DisconnectLog) p;
        Await.until(p.name() + " reports dropping the peer", DEADLINE, () -> !d.protocolDrops(Set.of(rude)).isEmpty(),
            p::diagnostics);
        assertEquals(List.of(), d.protocolDrops(Set.of(polite, absent)), p.name());
      }
    }
  }

  private static Socket dial(InetAddress from, InetSocketAddress to, byte[] infoHash, String peerId)
      throws IOException {
    Socket s = new Socket();
    s.bind(new InetSocketAddress(from, 0));
    s.connect(to, 5_000);
    s.setSoTimeout((int) DEADLINE.toMillis());
    byte[] reserved = new byte[8];
    reserved[5] = 0x10;
    ByteBuffer hs = ByteBuffer.allocate(68).put((byte) 19)
        .put("BitTorrent protocol".getBytes(StandardCharsets.US_ASCII)).put(reserved).put(infoHash)
        .put(peerId.getBytes(StandardCharsets.US_ASCII));
    s.getOutputStream().write(hs.array());
    new DataInputStream(s.getInputStream()).readFully(new byte[68]);
    return s;
  }

  /** BEP 3 handshake with the extension bit, a bitfield of nothing, and a BEP 10 handshake. */
  private static void handshakes(OutputStream out, byte[] extensionHandshake) throws IOException {
    out.write(new byte[] {0, 0, 0, 2, 5, 0});
    out.write(PeerWireFrames.extended(0, extensionHandshake));
  }

  /**
   * The handshakes, {@code rudeMessage}, then reads until the client closes the connection; false
   * when the client hung up before its BEP 3 handshake.
   */
  private static boolean sendAfterHandshakes(InetAddress from, InetSocketAddress to, byte[] infoHash,
      byte[] rudeMessage) {
    try (Socket s = dial(from, to, infoHash, "-XX0001-rudepeer0000")) {
      try {
        OutputStream out = s.getOutputStream();
        handshakes(out, RUDE_HANDSHAKE);
        out.write(rudeMessage);
        out.flush();
        InputStream in = s.getInputStream();
        while (in.read() >= 0) {
          // What the client sends before it hangs up (its own handshakes, bitfield) is of no interest.
        }
      } catch (IOException reset) {
        // The client may hang up while the last messages are still being written: a drop too.
      }
      return true;
    } catch (IOException noHandshake) {
      return false;
    }
  }

  /**
   * The handshakes, ar_alto listed, then reads until the client's own extension handshake and hangs
   * up, as a peer leaving the swarm does; false when the client sent no extension handshake.
   */
  private static boolean exchangePolitely(InetAddress from, InetSocketAddress to, byte[] infoHash) {
    try (Socket s = dial(from, to, infoHash, "-XX0001-politepeer00")) {
      handshakes(s.getOutputStream(), POLITE_HANDSHAKE);
      DataInputStream in = new DataInputStream(s.getInputStream());
      for (PeerWireFrames.Frame f; (f = PeerWireFrames.readFrame(in)) != null; ) {
        if (f.messageId() == PeerWireFrames.EXTENDED && f.extendedId() == 0) {
          return true;
        }
      }
      return false;
    } catch (IOException e) {
      return false;
    }
  }

  @Test
  void libtorrentsProtocolErrorsAreTold() {
    assertTrue(LibtorrentPeer.protocolError("invalid message"));
    assertTrue(LibtorrentPeer.protocolError("packet too large"));
    assertTrue(!LibtorrentPeer.protocolError("End of file"));
  }
}
