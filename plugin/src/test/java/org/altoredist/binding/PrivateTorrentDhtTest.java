package org.altoredist.binding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.altoredist.testing.Await;
import org.altoredist.engine.RendezvousKey;
import org.altoredist.http.AltoServer;
import org.altoredist.wire.InfoHash;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.libtorrent4j.AlertListener;
import org.libtorrent4j.SessionManager;
import org.libtorrent4j.SettingsPack;
import org.libtorrent4j.TorrentBuilder;
import org.libtorrent4j.TorrentInfo;
import org.libtorrent4j.alerts.Alert;
import org.libtorrent4j.alerts.AlertType;
import org.libtorrent4j.alerts.DhtAnnounceAlert;
import org.libtorrent4j.alerts.DhtGetPeersAlert;
import org.libtorrent4j.alerts.DhtOutgoingGetPeersAlert;
import org.libtorrent4j.alerts.DhtPktAlert;
import org.libtorrent4j.swig.settings_pack;

/**
 * BEP 27 end to end: a session with the plugin attached, its DHT on and bootstrapped from a DHT
 * node of the test's own (the only other node it knows), holds a private torrent and a public one,
 * both listing a tracker of the test's own, and steers by real maps. The test watches everything
 * that leaves the session for the DHT (libtorrent's outgoing lookups and every packet's bytes),
 * what the test's node is asked and told, and what the tracker is sent. The public torrent is the
 * control: its info-hash is looked up and its rendezvous key announced in the DHT and at the
 * tracker, so the watch sees what it looks for. Nothing carries the private torrent's info-hash
 * or rendezvous key, except libtorrent's own announce of the info-hash to the torrent's tracker.
 */
class PrivateTorrentDhtTest {

  private static final String HOST = "127.0.6.1";
  private static final String DHT_NODE = "127.0.6.2";

  @TempDir
  Path dir;

  /** What the test's DHT node was told (announces) and asked (lookups), by target, hex. */
  private final Set<String> nodeSaw = ConcurrentHashMap.newKeySet();
  private final List<String> nodeAnnounces = new CopyOnWriteArrayList<>();
  /** The targets of the session's own get_peers lookups, hex (real and obfuscated). */
  private final Set<String> lookedUp = ConcurrentHashMap.newKeySet();
  /** Every DHT packet the session sent. */
  private final List<byte[]> packetsOut = new CopyOnWriteArrayList<>();
  /** The info_hash of every announce the tracker received, hex. */
  private final List<String> trackerSaw = new CopyOnWriteArrayList<>();

  @Test
  void aPrivateTorrentIsNeverAnnouncedNorLookedUpInTheDhtNorAnnouncedUnderItsKeyAtItsTracker() throws Exception {
    Libtorrent4jNative.ensureLoadable();
    HttpServer tracker = recordingTracker();
    String announce = "http://127.0.6.11:" + tracker.getAddress().getPort() + "/announce";
    TorrentInfo open = torrent("public.bin", announce, false);
    TorrentInfo closed = torrent("private.bin", announce, true);
    assertTrue(closed.isPrivate() && !open.isPrivate());
    String privateHash = closed.infoHash().toHex();
    String privateKey = RendezvousKey.forTorrent(InfoHash.ofHex(privateHash)).hex();
    String publicKey = RendezvousKey.forTorrent(InfoHash.ofHex(open.infoHash().toHex())).hex();

    SessionManager node = null;
    SessionManager session = null;
    AltoPlugin plugin = null;
    try (AltoServer server = ExampleAltoServer.start(dir, "127.0.6.10")) {
      int nodePort = freePort(DHT_NODE);
      // The node stands in for the whole DHT, so every announce and lookup of the session's four
      // keys (three resources and the public torrent) lands on it; past libtorrent's default of 5
      // packets a second from one address (dht_block_ratelimit) it would ban the session for 5
      // minutes, and the control below would never see its announces. On the real DHT each key's
      // traversals reach the nodes nearest that key, different for every key.
      node = LoopbackSessions.start(LoopbackSessions.withDht(
          LoopbackSessions.settings(InetAddress.getByName(DHT_NODE), nodePort), List.of())
          .setInteger(settings_pack.int_types.dht_block_ratelimit.swigValue(), 1_000_000));
      node.addListener(listener(a -> {
        if (a instanceof DhtAnnounceAlert d) {
          nodeSaw.add(d.infoHash().toHex());
          nodeAnnounces.add(d.infoHash().toHex());
        } else if (a instanceof DhtGetPeersAlert g) {
          nodeSaw.add(g.infoHash().toHex());
        }
      }, AlertType.DHT_ANNOUNCE, AlertType.DHT_GET_PEERS));

      session = LoopbackSessions.start(LoopbackSessions.withDht(
          LoopbackSessions.settings(InetAddress.getByName(HOST), 0),
          List.of(new InetSocketAddress(DHT_NODE, nodePort))));
      // libtorrent4j's start leaves the log categories out of the alert mask; DHT packets are one.
      session.applySettings(new SettingsPack().setInteger(settings_pack.int_types.alert_mask.swigValue(), -1));
      session.addListener(listener(a -> {
        if (a instanceof DhtOutgoingGetPeersAlert g) {
          lookedUp.add(g.infoHash().toHex());
          lookedUp.add(g.obfuscatedInfoHash().toHex());
        } else if (a instanceof DhtPktAlert p && p.direction() == DhtPktAlert.Direction.OUTGOING) {
          packetsOut.add(p.pktBuf());
        }
      }, AlertType.DHT_OUTGOING_GET_PEERS, AlertType.DHT_PKT));
      session.download(open, Files.createDirectories(dir.resolve("download-public")).toFile());
      session.download(closed, Files.createDirectories(dir.resolve("download-private")).toFile());

      plugin = AltoPlugin.builder()
          .trust(ExampleAltoServer.trust(server))
          .serverLocation(ExampleAltoServer.SERVICE.toString(), server.httpDirectory()).fallbackDelay(Duration.ZERO).build();
      plugin.attach(session);

      // The control: each way the plugin uses the DHT and the tracker, seen for the public torrent.
      Await.until("the test's node was told the public torrent's rendezvous key twice",
          () -> nodeAnnounces.stream().filter(publicKey::equals).count() >= 2);
      Await.until("the session looked the public torrent up (steering by the maps)",
          () -> lookedUp.contains(open.infoHash().toHex()));
      Await.until("the tracker was told the public torrent's rendezvous key", () -> trackerSaw.contains(publicKey));
      Await.until("libtorrent announced the private torrent to its own tracker", () -> trackerSaw.contains(privateHash));
      assertTrue(packetsOut.stream().anyMatch(p -> contains(p, hex(publicKey))),
          "the packet watch sees the public rendezvous key go out");

      for (String about : List.of(privateHash, privateKey)) {
        assertTrue(!nodeSaw.contains(about), "the test's DHT node heard of " + about);
        assertTrue(!lookedUp.contains(about), "the session looked up " + about);
        assertEquals(0, packetsOut.stream().filter(p -> contains(p, hex(about))).count(),
            "DHT packets carried " + about);
      }
      assertTrue(!trackerSaw.contains(privateKey), "the private torrent's rendezvous key went to its tracker");
    } finally {
      if (plugin != null) {
        plugin.close();
      }
      if (session != null) {
        session.stop();
      }
      if (node != null) {
        node.stop();
      }
      tracker.stop(0);
    }
  }

  private TorrentInfo torrent(String name, String announce, boolean isPrivate) throws Exception {
    Path content = Files.createDirectories(dir.resolve("content-" + name)).resolve(name);
    byte[] bytes = new byte[256 * 1024];
    new Random(name.hashCode()).nextBytes(bytes);
    Files.write(content, bytes);
    byte[] encoded = new TorrentBuilder().path(content.toFile()).flags(TorrentBuilder.V1_ONLY).addTracker(announce)
        .setPrivate(isPrivate).generate().entry().bencode();
    return new TorrentInfo(encoded);
  }

  /** An HTTP tracker that records each announce's info_hash and lists no peers. */
  private HttpServer recordingTracker() throws Exception {
    HttpServer s = HttpServer.create(new InetSocketAddress("127.0.6.11", 0), 0);
    s.createContext("/announce", x -> {
      for (String param : x.getRequestURI().getRawQuery().split("&")) {
        if (param.startsWith("info_hash=")) {
          byte[] raw = URLDecoder.decode(param.substring(10), StandardCharsets.ISO_8859_1)
              .getBytes(StandardCharsets.ISO_8859_1);
          trackerSaw.add(HexFormat.of().formatHex(raw));
        }
      }
      byte[] body = "d8:intervali60e5:peers0:e".getBytes(StandardCharsets.US_ASCII);
      x.sendResponseHeaders(200, body.length);
      try (OutputStream o = x.getResponseBody()) {
        o.write(body);
      }
    });
    s.start();
    return s;
  }

  private static AlertListener listener(java.util.function.Consumer<Alert<?>> onAlert, AlertType... types) {
    int[] ids = new int[types.length];
    for (int i = 0; i < types.length; i++) {
      ids[i] = types[i].swig();
    }
    return new AlertListener() {
      @Override
      public int[] types() {
        return ids;
      }

      @Override
      public void alert(Alert<?> a) {
        onAlert.accept(a);
      }
    };
  }

  private static byte[] hex(String h) {
    return HexFormat.of().parseHex(h);
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  private static int freePort(String ip) throws Exception {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, InetAddress.getByName(ip))) {
      return s.getLocalPort();
    }
  }
}
