package org.altoredist.binding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.altoredist.testing.Await;
import org.altoredist.trust.TrustPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.libtorrent4j.SessionManager;
import org.libtorrent4j.TorrentHandle;
import org.libtorrent4j.TorrentInfo;
import org.libtorrent4j.TorrentStatus;
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

  private static final InetAddress SEED = host("127.0.7.1");
  private static final InetAddress MATE = host("127.0.7.2");

  @TempDir
  Path dir;

  @Test
  void aConnectionToItsPidMadeBeforeTheMapIsRedoneInTheLocalClass() throws Exception {
    TorrentInfo torrent = LoopbackSessions.torrent(dir, CONTENT, 7);
    try (Pair p = new Pair()) {
      TorrentHandle seed = p.seed(torrent, dir.resolve("content"));
      TorrentHandle down = p.fetch(torrent, dir.resolve("mate"));
      seed.swig().connect_peer(p.mateEndpoint());
      Await.until("the PID-mate downloads at the global class's limit", DEADLINE,
          () -> down.status().totalPayloadDownload() > 0);

      p.tick(seed);

      Await.until("the PID-mate completes, outside the seeder's limit", DEADLINE, () -> down.status().isFinished());
      assertTrue(down.status().totalDone() >= CONTENT);
      assertEquals(0, p.seeder.swig().get_ip_filter().access(addr(MATE.getHostAddress())),
          "the filter that closed the connection is gone");
    }
  }

  /**
   * The filter closes a peer's connections in every torrent. Where the PID-mate dialled in, the
   * seeder knows no endpoint of it there, but does in the torrent where it dialled the mate: a
   * client listens on one port for all its torrents, so it is dialled back there too, not left to
   * dial again when its client chooses.
   */
  @Test
  void aPeerThatDialledInIsDialledBackAtTheEndpointAnotherTorrentKnows() throws Exception {
    TorrentInfo first = LoopbackSessions.torrent(dir.resolve("first"), CONTENT, 7);
    TorrentInfo second = LoopbackSessions.torrent(dir.resolve("second"), CONTENT, 8);
    try (Pair p = new Pair()) {
      TorrentHandle seedFirst = p.seed(first, dir.resolve("first/content"));
      TorrentHandle seedSecond = p.seed(second, dir.resolve("second/content"));
      TorrentHandle downFirst = p.fetch(first, dir.resolve("mate-first"));
      TorrentHandle downSecond = p.fetch(second, dir.resolve("mate-second"));
      seedFirst.swig().connect_peer(p.mateEndpoint());
      downSecond.swig().connect_peer(p.seederEndpoint());
      Await.until("the PID-mate downloads both at the global class's limit", DEADLINE,
          () -> downFirst.status().totalPayloadDownload() > 0 && downSecond.status().totalPayloadDownload() > 0);

      p.tick(seedFirst, seedSecond);

      Await.until("the PID-mate completes the torrent it dialled into, dialled back", DEADLINE,
          () -> downSecond.status().isFinished());
      Await.until("and the one the seeder dialled", DEADLINE, () -> downFirst.status().isFinished());
    }
  }

  /**
   * A seeder whose upload is held to {@link #SLOW_UPLOAD} and a PID-mate, both with libtorrent's
   * classes as on the open internet (everyone global), and the seeder's steering once it runs.
   */
  private final class Pair implements AutoCloseable {
    final SessionManager seeder;
    final SessionManager mate;
    Steering steering;

    Pair() {
      seeder = LoopbackSessions.start(LoopbackSessions.settings(SEED, 0)
          .setInteger(settings_pack.int_types.upload_rate_limit.swigValue(), SLOW_UPLOAD));
      // Without encryption, as a client that does not redial at once: libtorrent redials a peer
      // that closed its connection straight away only after offering encryption on it
      // (fast_reconnect, twice per peer), and otherwise after min_reconnect_time, 60 s.
      mate = LoopbackSessions.start(LoopbackSessions.settings(MATE, 0)
          .setInteger(settings_pack.int_types.out_enc_policy.swigValue(), settings_pack.enc_policy.pe_disabled.swigValue()));
      // libtorrent's default would put all of 127/8 in its local class.
      ip_filter global = new ip_filter();
      global.add_rule(addr("0.0.0.0"), addr("255.255.255.255"), PeerClasses.GLOBAL_CLASS);
      seeder.swig().set_peer_class_filter(global);
    }

    /** Seeds {@code torrent} from {@code content}, once the seeder listens. */
    TorrentHandle seed(TorrentInfo torrent, Path content) throws InterruptedException {
      seeder.download(torrent, content.toFile());
      TorrentHandle h = seeder.find(torrent.infoHash());
      Await.until("the seeder seeds and listens", DEADLINE,
          () -> h.status().isSeeding() && seeder.swig().listen_port() > 0);
      return h;
    }

    TorrentHandle fetch(TorrentInfo torrent, Path into) throws Exception {
      mate.download(torrent, Files.createDirectories(into).toFile());
      TorrentHandle h = mate.find(torrent.infoHash());
      // A torrent still checking its files takes no connections.
      Await.until("the PID-mate listens and wants the torrent", DEADLINE,
          () -> mate.swig().listen_port() > 0 && h.status().state() == TorrentStatus.State.DOWNLOADING);
      return h;
    }

    tcp_endpoint mateEndpoint() {
      return new tcp_endpoint(addr(MATE.getHostAddress()), mate.swig().listen_port());
    }

    tcp_endpoint seederEndpoint() {
      return new tcp_endpoint(addr(SEED.getHostAddress()), seeder.swig().listen_port());
    }

    /** One steering tick at the seeder over {@code torrents}: its map puts the PID-mate local. */
    void tick(TorrentHandle... torrents) throws Exception {
      AltoPlugin.Settings settings = AltoPlugin.builder()
          .trust(TrustPolicy.forService("https://alto.example/").pin(new byte[32]).build()).build().settings();
      steering = new Steering(seeder, settings, new InetSocketAddress(SEED, seeder.swig().listen_port()),
          new SplittableRandom(1), Clock.systemUTC(), new Candidates());
      steering.tick(SevenMaps.ranker(SEED), List.of(torrents), Set.of(), System.nanoTime());
      assertEquals(PeerClasses.LOCAL_CLASS, steering.peerClassesOf(MATE), "the map puts the PID-mate local");
    }

    @Override
    public void close() {
      if (steering != null) {
        steering.restore();
      }
      seeder.stop();
      mate.stop();
    }
  }

  private static InetAddress host(String ip) {
    try {
      return InetAddress.getByName(ip);
    } catch (java.net.UnknownHostException e) {
      throw new IllegalArgumentException(ip, e);
    }
  }

  private static address addr(String ip) {
    return address.from_string(ip, new error_code());
  }

}
