package org.altoredist.binding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import org.altoredist.testing.Await;
import org.altoredist.engine.Discovery;
import org.altoredist.engine.RendezvousKey;
import org.altoredist.wire.InfoHash;
import org.junit.jupiter.api.Test;
import org.libtorrent4j.SessionManager;
import org.libtorrent4j.swig.string_int_pair;

/**
 * Rendezvous through real libtorrent DHT nodes on loopback. The first node of a swarm starts with
 * an empty routing table, so its first lookups get no answer until their deadline; its announces
 * must go out meanwhile, or it stays unfindable while the swarm forms (the demo's seeder once held
 * the maps for ten seconds with nobody able to find it). Lookups are libtorrent's asynchronous
 * ones, answered by alerts: a plugin following a hundred torrents must not need a hundred threads.
 */
class DhtDiscoveryTest {

  /** Lookups started at once by {@link #lookupsUnderWayHoldNoThreadEach}: a client's torrents and its maps'. */
  private static final int LOOKUPS = 64;
  /** Threads a JVM may start meanwhile of its own accord; far fewer than one per lookup. */
  private static final int SPARE_THREADS = 4;

  @Test
  void aLookupUnansweredOnAnEmptyRoutingTableDoesNotHoldBackAnnounces() throws Exception {
    int secondPort = freePort("127.0.7.2");
    SessionManager first = dhtSession("127.0.7.1", freePort("127.0.7.1"));
    SessionManager second = dhtSession("127.0.7.2", secondPort);
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    ScheduledExecutorService secondScheduler = Executors.newSingleThreadScheduledExecutor();
    DhtDiscovery discovery = new DhtDiscovery(first, scheduler, key -> null, DhtDiscovery.LOOKUP_DEADLINE);
    DhtDiscovery finder = new DhtDiscovery(second, secondScheduler, key -> null, DhtDiscovery.LOOKUP_DEADLINE);
    try {
      discovery.listen();
      finder.listen();
      RendezvousKey key = RendezvousKey.forTorrent(InfoHash.of(new byte[20]));
      InetSocketAddress endpoint = new InetSocketAddress("127.0.7.1", 40_404);
      // As a plugin does: a torrent's rendezvous and its service's resources' at once.
      List<Discovery.Membership> joined = List.of(discovery.join(key, endpoint, found -> { }),
          discovery.join(RendezvousKey.forResource("http://127.0.0.1/alto/directory", null), endpoint, found -> { }),
          discovery.join(RendezvousKey.forResource("http://127.0.0.1/alto/directory", "map"), endpoint, found -> { }));
      Await.until("the first node has two lookups under way", () -> discovery.lookupsUnderWay() >= 2);
      // Lookups on the empty routing table are under way, unanswered; only now does the node learn another.
      first.swig().add_dht_node(new string_int_pair("127.0.7.2", secondPort));

      Set<InetSocketAddress> seen = ConcurrentHashMap.newKeySet();
      Discovery.Membership finding = finder.join(key, new InetSocketAddress("127.0.7.2", 40_404), seen::addAll);
      Await.until("the second node finds the first node's announce through its replies", () -> seen.contains(endpoint));
      finding.close();
      joined.forEach(Discovery.Membership::close);
    } finally {
      discovery.stop();
      finder.stop();
      scheduler.shutdownNow();
      secondScheduler.shutdownNow();
      first.stop();
      second.stop();
    }
  }

  /**
   * Lookups nobody answers stay under way for their whole deadline: the session's only DHT node is
   * the test's own socket, which reads every query and answers none. All of them reach it at once,
   * with no thread waiting on any (libtorrent4j's blocking helper would hold one per lookup, and a
   * pool of a few would let the rest queue behind them); a paused torrent's rendezvous starts no
   * new lookups, and those under way end at their deadline.
   */
  @Test
  void lookupsUnderWayHoldNoThreadEach() throws Exception {
    try (DatagramSocket silent = new DatagramSocket(new InetSocketAddress("127.0.7.4", 0))) {
      Set<String> asked = ConcurrentHashMap.newKeySet();
      Thread reader = new Thread(() -> readGetPeersTargets(silent, asked), "silent-dht-node");
      reader.setDaemon(true);
      reader.start();
      SessionManager lonely = LoopbackSessions.start(LoopbackSessions.withDht(LoopbackSessions.settings(
          InetAddress.getByName("127.0.7.3"), 0), List.of((InetSocketAddress) silent.getLocalSocketAddress())));
      ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
      AtomicBoolean paused = new AtomicBoolean();
      DhtDiscovery discovery = new DhtDiscovery(lonely, scheduler,
          key -> paused.get() ? DhtDiscovery.Activity.PAUSED : DhtDiscovery.Activity.DOWNLOADING, Duration.ofSeconds(3));
      try {
        discovery.listen();
        scheduler.submit(() -> { }).get();
        int before = ManagementFactory.getThreadMXBean().getThreadCount();
        List<Discovery.Membership> joined = new ArrayList<>();
        Set<String> targets = new HashSet<>();
        InetSocketAddress self = new InetSocketAddress("127.0.7.3", 40_404);
        for (int i = 0; i < LOOKUPS; i++) {
          byte[] hash = new byte[20];
          hash[0] = (byte) i;
          RendezvousKey key = RendezvousKey.forTorrent(InfoHash.of(hash));
          targets.add(HexFormat.of().formatHex(key.bytes()));
          joined.add(discovery.join(key, self, found -> { }));
        }
        Await.until("the DHT node is asked for all " + LOOKUPS + " targets", () -> asked.containsAll(targets));
        assertEquals(LOOKUPS, discovery.lookupsUnderWay(), "lookups under way, unanswered");
        int during = ManagementFactory.getThreadMXBean().getThreadCount();
        assertTrue(during - before <= SPARE_THREADS, LOOKUPS + " lookups under way took " + (during - before)
            + " threads more than the " + before + " before them");

        paused.set(true);
        Await.until("the paused torrents' lookups end at their deadline, none started anew",
            () -> discovery.lookupsUnderWay() == 0);
        joined.forEach(Discovery.Membership::close);
      } finally {
        discovery.stop();
        scheduler.shutdownNow();
        lonely.stop();
      }
    }
  }

  /** Records the target of each get_peers query (BEP 5: its {@code info_hash} argument) until the socket closes. */
  private static void readGetPeersTargets(DatagramSocket socket, Set<String> asked) {
    byte[] buf = new byte[1500];
    byte[] marker = "9:info_hash20:".getBytes(StandardCharsets.US_ASCII);
    while (!socket.isClosed()) {
      DatagramPacket p = new DatagramPacket(buf, buf.length);
      try {
        socket.receive(p);
      } catch (IOException e) {
        return;
      }
      for (int i = 0; i + marker.length + 20 <= p.getLength(); i++) {
        if (Arrays.equals(buf, i, i + marker.length, marker, 0, marker.length)) {
          asked.add(HexFormat.of().formatHex(buf, i + marker.length, i + marker.length + 20));
          break;
        }
      }
    }
  }

  private static int freePort(String ip) throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(ip))) {
      return s.getLocalPort();
    }
  }

  private static SessionManager dhtSession(String ip, int port) throws java.net.UnknownHostException {
    return LoopbackSessions.start(LoopbackSessions.withDht(LoopbackSessions.settings(InetAddress.getByName(ip), port),
        List.of()));
  }
}
