package org.altoredist.binding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.altoredist.alto.AltoDocuments;
import org.altoredist.engine.Ranker;
import org.altoredist.testing.Await;
import org.altoredist.trust.TrustPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.libtorrent4j.SessionManager;
import org.libtorrent4j.SettingsPack;
import org.libtorrent4j.TorrentHandle;
import org.libtorrent4j.TorrentInfo;
import org.libtorrent4j.swig.address;
import org.libtorrent4j.swig.error_code;
import org.libtorrent4j.swig.ip_filter;
import org.libtorrent4j.swig.settings_pack;
import org.libtorrent4j.swig.tcp_endpoint;

/**
 * A connection made before the map, as a node's first map arrives over connections already made,
 * keeps the classes libtorrent gave it then; the steering redoes it. A seeder whose upload is held
 * to 16 KiB/s serves a PID-mate it dialled before its map: 4 MiB would take four minutes at that
 * rate in the global class, and well under a second once the redone connection is in the local
 * class, outside the limits (the plugin's default). Afterwards the IP filter that closed it is
 * gone.
 */
class StaleClassesTest {

  private static final Duration DEADLINE = Duration.ofSeconds(30);
  private static final int SLOW_UPLOAD = 16 * 1024;
  private static final int CONTENT = 4 << 20;
  private static final String NETWORK_MAP = """
      {"meta":{"vtag":{"resource-id":"nm","tag":"t1"}},"network-map":{
      "p7":{"ipv4":["127.0.7.0/24"]},"dflt":{"ipv4":["0.0.0.0/0"]}}}""";
  private static final String COST_MAP = """
      {"meta":{"dependent-vtags":[{"resource-id":"nm","tag":"t1"}],"cost-type":{"cost-mode":"numerical",\
      "cost-metric":"routingcost"}},"cost-map":{"p7":{"p7":1,"dflt":5},"dflt":{"p7":5,"dflt":1}}}""";

  @TempDir
  Path dir;

  @Test
  void aConnectionToItsPidMadeBeforeTheMapIsRedoneInTheLocalClass() throws Exception {
    Libtorrent4jNative.ensureLoadable();
    InetAddress seedHost = InetAddress.getByName("127.0.7.1");
    InetAddress mateHost = InetAddress.getByName("127.0.7.2");
    TorrentInfo torrent = LoopbackSessions.torrent(dir, CONTENT, 7);
    SettingsPack slow = LoopbackSessions.settings(seedHost, 0)
        .setInteger(settings_pack.int_types.upload_rate_limit.swigValue(), SLOW_UPLOAD);
    SessionManager seeder = LoopbackSessions.start(slow);
    SessionManager mate = LoopbackSessions.start(LoopbackSessions.settings(mateHost, 0));
    Steering steering = null;
    try {
      // As on the open internet: libtorrent's default would put all of 127/8 in its local class.
      ip_filter global = new ip_filter();
      global.add_rule(addr("0.0.0.0"), addr("255.255.255.255"), PeerClasses.GLOBAL_CLASS);
      seeder.swig().set_peer_class_filter(global);
      seeder.download(torrent, dir.resolve("content").toFile());
      TorrentHandle seed = seeder.find(torrent.infoHash());
      mate.download(torrent, Files.createDirectories(dir.resolve("mate")).toFile());
      TorrentHandle down = mate.find(torrent.infoHash());
      Await.until("the seeder seeds and both listen", DEADLINE,
          () -> seed.status().isSeeding() && seeder.swig().listen_port() > 0
          && mate.swig().listen_port() > 0);
      seed.swig().connect_peer(new tcp_endpoint(addr(mateHost.getHostAddress()), mate.swig().listen_port()));
      Await.until("the PID-mate downloads at the global class's limit", DEADLINE,
          () -> down.status().totalPayloadDownload() > 0);

      AltoPlugin.Settings settings = AltoPlugin.builder()
          .trust(TrustPolicy.forService("https://alto.example/").pin(new byte[32]).build()).build().settings();
      steering = new Steering(seeder, settings, new InetSocketAddress(seedHost, seeder.swig().listen_port()),
          new SplittableRandom(1), Clock.systemUTC(), new Candidates());
      steering.tick(ranker(seedHost), List.of(seed), Set.of(), System.nanoTime());
      assertEquals(PeerClasses.LOCAL_CLASS, steering.peerClassesOf(mateHost), "the map puts the PID-mate local");

      Await.until("the PID-mate completes, outside the seeder's limit", DEADLINE,
          () -> down.status().isFinished());
      assertTrue(down.status().totalDone() >= CONTENT);
      assertEquals(0, seeder.swig().get_ip_filter().access(addr(mateHost.getHostAddress())),
          "the filter that closed the connection is gone");
    } finally {
      if (steering != null) {
        steering.restore();
      }
      seeder.stop();
      mate.stop();
    }
  }

  private static Ranker ranker(InetAddress self) throws Exception {
    return Ranker.of(AltoDocuments.parseNetworkMap(NETWORK_MAP.getBytes(StandardCharsets.US_ASCII)),
        AltoDocuments.parseCostMap(COST_MAP.getBytes(StandardCharsets.US_ASCII)), self, 0);
  }

  private static address addr(String ip) {
    return address.from_string(ip, new error_code());
  }

}
