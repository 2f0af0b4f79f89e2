package org.altoredist.it.swarm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The swarm tests' check that no vanilla client dropped an ALTO peer can fail: a peer that does what
 * the spec forbids, sending an extended message under an id the client never advertised, is
 * dropped by rtorrent, libtorrent (libtorrent4j) and Debian's python3-libtorrent, and each one's own
 * log or alerts say so; a peer that never connected is not reported.
 */
class DisconnectLogTest {

  /** An extended id no client advertises: libtorrent's and rtorrent's run from 1 to a handful. */
  private static final int UNADVERTISED = 200;
  private static final Duration DEADLINE = Duration.ofSeconds(30);

  @TempDir
  Path dir;

  @Test
  void aPeerSendingAnExtendedIdNobodyAdvertisedShowsInTheClientsDropLogs() throws Exception {
    Assumptions.assumeTrue(RtorrentPeer.available(), "rtorrent is not installed (.ci/run installs it)");
    SwarmContent content = SwarmContent.create(dir.resolve("content"), 1 << 20, 5,
        Tracker.announceUrl(Tracker.reservePort()));
    InetAddress rude = Loopback.host(5, 9);
    InetAddress absent = Loopback.host(5, 8);
    try (RtorrentPeer rt = RtorrentPeer.start(Loopback.host(5, 1), dir.resolve("rtorrent"), content);
        LibtorrentPeer lt = LibtorrentPeer.leecher(Loopback.host(5, 2), dir.resolve("libtorrent"), content);
        PythonLibtorrentPeer py = PythonLibtorrentPeer.start(Loopback.host(5, 3), dir.resolve("python"), content, false)) {
      for (SwarmPeer p : List.<SwarmPeer>of(rt, lt, py)) {
        // A client still checking its torrent hangs up before its handshake: try until one answers.
        Await.until(p.name() + " answers the handshake", DEADLINE,
            () -> sendUnadvertisedExtendedMessage(rude, p.listenAddress(), content.infoHash()), p::diagnostics);
      }
      for (DisconnectLog d : List.<DisconnectLog>of(rt, lt, py)) {
        Await.until(((SwarmPeer) d).name() + " reports dropping the peer", DEADLINE, () -> !d.protocolDrops(Set.of(rude)).isEmpty(),
            () -> ((SwarmPeer) d).diagnostics());
        assertEquals(List.of(), d.protocolDrops(Set.of(absent)));
      }
    }
  }

  /**
   * BEP 3 handshake with the extension bit, a bitfield of nothing, a BEP 10 handshake, then one
   * extended message under {@link #UNADVERTISED}; reads until the client closes the connection.
   */
  private static boolean sendUnadvertisedExtendedMessage(InetAddress from, InetSocketAddress to, byte[] infoHash) {
    try (Socket s = new Socket()) {
      s.bind(new InetSocketAddress(from, 0));
      s.connect(to, 5_000);
      s.setSoTimeout((int) DEADLINE.toMillis());
      OutputStream out = s.getOutputStream();
      byte[] reserved = new byte[8];
      reserved[5] = 0x10;
      ByteBuffer hs = ByteBuffer.allocate(68).put((byte) 19).put("BitTorrent protocol".getBytes(StandardCharsets.US_ASCII))
          .put(reserved).put(infoHash).put("-XX0001-rudepeer0000".getBytes(StandardCharsets.US_ASCII));
      out.write(hs.array());
      DataInputStream in = new DataInputStream(s.getInputStream());
      in.readFully(new byte[68]);
      try {
        rudeAfterHandshake(out, in);
      } catch (IOException reset) {
        // The client may hang up while the last messages are still being written: a drop too.
      }
      return true;
    } catch (IOException noHandshake) {
      return false;
    }
  }

  private static void rudeAfterHandshake(OutputStream out, DataInputStream in) throws IOException {
    out.write(new byte[] {0, 0, 0, 2, 5, 0});
    byte[] ext = "d1:md6:ut_pexi1eee".getBytes(StandardCharsets.US_ASCII);
    out.write(ByteBuffer.allocate(6 + ext.length).putInt(2 + ext.length).put((byte) 20).put((byte) 0).put(ext).array());
    byte[] rude = "d1:ai1ee".getBytes(StandardCharsets.US_ASCII);
    out.write(ByteBuffer.allocate(6 + rude.length).putInt(2 + rude.length).put((byte) 20).put((byte) UNADVERTISED)
        .put(rude).array());
    out.flush();
    while (in.read() >= 0) {
      // What the client sends before it hangs up (its own handshakes, bitfield) is of no interest.
    }
  }

  @Test
  void libtorrentsProtocolErrorsAreTold() {
    assertTrue(LibtorrentPeer.protocolError("invalid message"));
    assertTrue(LibtorrentPeer.protocolError("packet too large"));
    assertTrue(!LibtorrentPeer.protocolError("End of file"));
  }
}
