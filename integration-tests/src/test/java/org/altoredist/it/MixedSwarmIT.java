package org.altoredist.it;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import org.altoredist.it.swarm.Aria2Peer;
import org.altoredist.it.swarm.LibtorrentPeer;
import org.altoredist.it.swarm.Loopback;
import org.altoredist.it.swarm.PythonLibtorrentPeer;
import org.altoredist.it.swarm.Swarm;
import org.altoredist.it.swarm.SwarmContent;
import org.altoredist.it.swarm.Tracker;
import org.altoredist.it.swarm.TransmissionPeer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Swarms of real clients on loopback, one driver with named scenario flags (the style of
 * libtorrent's simulation tests): a libtorrent seeder in PID 1, and leechers of every kind spread
 * over PIDs 1 to 4, all meeting through Debian's opentracker.
 */
class MixedSwarmIT {

  /** Scenario flags; each says why it exists. */
  enum Flag {
    /** Third-party clients (Transmission, aria2, python3-libtorrent) join as leechers: the extension must not disturb them. */
    THIRD_PARTY_CLIENTS,
    /** A third-party client seeds instead of libtorrent, so content also flows from them to us. */
    THIRD_PARTY_SEEDER
  }

  private static final long CONTENT_SIZE = 8L << 20;
  private static final Duration DEADLINE = Duration.ofMinutes(3);

  @TempDir
  Path dir;

  void run(EnumSet<Flag> flags) throws Exception {
    try (Swarm swarm = new Swarm()) {
      int trackerPort = Tracker.reservePort();
      SwarmContent content = SwarmContent.create(dir.resolve("content"), CONTENT_SIZE, 1, Tracker.announceUrl(trackerPort));
      swarm.tracker(Tracker.start(dir.resolve("tracker"), trackerPort, List.of(content.infoHash())));
      if (flags.contains(Flag.THIRD_PARTY_SEEDER)) {
        swarm.add(Aria2Peer.start(Loopback.host(1, 1), dir.resolve("seed-aria2"), content, true));
      } else {
        swarm.add(LibtorrentPeer.seeder(Loopback.host(1, 1), content));
      }
      swarm.add(LibtorrentPeer.leecher(Loopback.host(1, 2), dir.resolve("lt-1-2"), content));
      swarm.add(LibtorrentPeer.leecher(Loopback.host(2, 1), dir.resolve("lt-2-1"), content));
      if (flags.contains(Flag.THIRD_PARTY_CLIENTS)) {
        swarm.add(TransmissionPeer.start(Loopback.host(3, 1), dir.resolve("transmission"), content, false));
        swarm.add(Aria2Peer.start(Loopback.host(3, 2), dir.resolve("aria2"), content, false));
        swarm.add(PythonLibtorrentPeer.start(Loopback.host(4, 1), dir.resolve("python"), content, false));
      }
      swarm.connectPassivePeers();
      swarm.awaitAllComplete(content, DEADLINE);
    }
  }

  @Test
  void everyClientInAMixedSwarmCompletesTheContent() throws Exception {
    run(EnumSet.of(Flag.THIRD_PARTY_CLIENTS));
  }

  @Test
  void contentSeededByAThirdPartyClientReachesEveryone() throws Exception {
    run(EnumSet.of(Flag.THIRD_PARTY_CLIENTS, Flag.THIRD_PARTY_SEEDER));
  }
}
