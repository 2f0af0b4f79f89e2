package org.altoredist.binding;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.altoredist.engine.Discovery;
import org.altoredist.engine.RendezvousKey;
import org.altoredist.wire.InfoHash;
import org.junit.jupiter.api.Test;
import org.libtorrent4j.SessionManager;
import org.libtorrent4j.Sha1Hash;
import org.libtorrent4j.swig.string_int_pair;

/**
 * Rendezvous through two real libtorrent DHT nodes on loopback. The first node of a swarm starts
 * with an empty routing table, so its first lookups block for their whole timeout; its announces
 * must go out meanwhile, or it stays unfindable while the swarm forms (the demo's seeder once held
 * the maps for ten seconds with nobody able to find it).
 */
class DhtDiscoveryTest {

  /** Shorter than one blocked lookup ({@link DhtDiscovery}'s 10 s), longer than a loopback DHT round. */
  private static final long DEADLINE_MILLIS = 8_000;

  @Test
  void aLookupBlockedOnAnEmptyRoutingTableDoesNotHoldBackAnnounces() throws Exception {
    int secondPort = freePort("127.0.7.2");
    SessionManager first = dhtSession("127.0.7.1", freePort("127.0.7.1"));
    SessionManager second = dhtSession("127.0.7.2", secondPort);
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    ExecutorService lookups = Executors.newFixedThreadPool(2);
    try {
      RendezvousKey key = RendezvousKey.forTorrent(InfoHash.of(new byte[20]));
      InetSocketAddress endpoint = new InetSocketAddress("127.0.7.1", 40_404);
      DhtDiscovery discovery = new DhtDiscovery(first, scheduler, lookups);
      // As a plugin does: a torrent's rendezvous and its service's resources' at once.
      List<Discovery.Membership> joined = List.of(discovery.join(key, endpoint, found -> { }),
          discovery.join(RendezvousKey.forResource("http://127.0.0.1/alto/directory", null), endpoint, found -> { }),
          discovery.join(RendezvousKey.forResource("http://127.0.0.1/alto/directory", "map"), endpoint, found -> { }));
      long deadline = System.currentTimeMillis() + DEADLINE_MILLIS;
      while (discovery.lookupsUnderWay() < 2 && System.currentTimeMillis() < deadline) {
        Thread.onSpinWait();
      }
      assertTrue(discovery.lookupsUnderWay() >= 2, "the first node never had two lookups under way");
      // Lookups on the empty routing table are under way and block; only now does the node learn another.
      first.swig().add_dht_node(new string_int_pair("127.0.7.2", secondPort));

      Sha1Hash target = Sha1Hash.fromBytes(key.bytes());
      deadline = System.currentTimeMillis() + DEADLINE_MILLIS;
      List<InetSocketAddress> seen = List.of();
      while (!seen.contains(endpoint) && System.currentTimeMillis() < deadline) {
        seen = DhtPeers.lookup(second, target, 1);
      }
      assertTrue(seen.contains(endpoint), "the second node never found the first node's announce; it saw " + seen);
      joined.forEach(Discovery.Membership::close);
    } finally {
      scheduler.shutdownNow();
      lookups.shutdownNow();
      first.stop();
      second.stop();
    }
  }

  private static int freePort(String ip) throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(ip))) {
      return s.getLocalPort();
    }
  }

  private static SessionManager dhtSession(String ip, int port) throws java.net.UnknownHostException {
    return LoopbackSessions.start(LoopbackSessions.withDht(
        LoopbackSessions.settings(java.net.InetAddress.getByName(ip), port), List.of()));
  }
}
