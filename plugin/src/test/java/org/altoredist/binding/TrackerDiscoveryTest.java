package org.altoredist.binding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLSocketFactory;
import org.altoredist.engine.Discovery;
import org.altoredist.engine.RendezvousKey;
import org.altoredist.testing.Await;
import org.altoredist.wire.InfoHash;
import org.junit.jupiter.api.Test;

/**
 * The tracker rendezvous's schedule against a real HTTP server with three trackers on it: one that
 * lists an endpoint, one that refuses the key, one that fails. Each is asked once; the refusing one
 * never again, the failing one not before its back-off, the listing one not before its interval;
 * leaving tells the listing one {@code stopped}.
 */
class TrackerDiscoveryTest {

  private static final Duration TICK = Duration.ofMillis(20);
  private static final Duration DEADLINE = Duration.ofSeconds(10);
  /** Ticks to watch after the first round: each would have re-announced if nothing held it back. */
  private static final int QUIET_TICKS = 25;

  @Test
  void asksEachTrackerOnceThenHonoursRefusalBackoffAndIntervalAndSaysStoppedOnLeaving() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    Map<String, List<String>> queries = new ConcurrentHashMap<>();
    serve(server, queries, "/ok", 200, "d8:intervali900e5:peers6:" + "\u007f\u0000\u0001\u0001\u001a\u00e1" + "e");
    serve(server, queries, "/refusing", 200, "d14:failure reason15:not whitelistede");
    serve(server, queries, "/failing", 500, "");
    server.start();
    String base = "http://127.0.0.1:" + server.getAddress().getPort();
    RendezvousKey torrent = RendezvousKey.forTorrent(InfoHash.of(new byte[20]));
    AtomicInteger ticks = new AtomicInteger();
    List<String> urls = List.of(base + "/ok", base + "/refusing", base + "/failing");
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    ExecutorService announcers = Executors.newFixedThreadPool(2);
    try {
      TrackerDiscovery d = new TrackerDiscovery(key -> {
        if (!key.equals(torrent)) {
          throw new AssertionError("asked for the trackers of " + key);
        }
        ticks.incrementAndGet();
        return urls;
      }, TrackerClient.byScheme(new HttpTracker((SSLSocketFactory) SSLSocketFactory.getDefault()), new UdpTracker(TICK)),
          scheduler, announcers, TICK);
      List<InetSocketAddress> found = new CopyOnWriteArrayList<>();
      Discovery.Membership resource = d.join(RendezvousKey.forResource("http://127.0.0.1/alto/directory", null),
          new InetSocketAddress("127.0.0.1", 6881), found::addAll);
      Discovery.Membership m = d.join(torrent, new InetSocketAddress("127.0.0.1", 6881), found::addAll);

      Await.until("the listing tracker's endpoint is found", DEADLINE,
          () -> found.contains(new InetSocketAddress("127.0.1.1", 6881)));
      Await.until("every tracker was asked", DEADLINE, () -> queries.size() == 3);
      int after = ticks.get();
      Await.until(QUIET_TICKS + " more ticks", DEADLINE, () -> ticks.get() >= after + QUIET_TICKS);
      for (String path : List.of("/ok", "/refusing", "/failing")) {
        assertEquals(1, queries.get(path).size(), path + " was asked " + queries.get(path));
        assertTrue(queries.get(path).get(0).endsWith("&event=started"), path);
      }

      m.close();
      resource.close();
      Await.until("the listing tracker hears stopped", DEADLINE, () -> queries.get("/ok").size() == 2);
      assertTrue(queries.get("/ok").get(1).endsWith("&event=stopped"));
      announcers.shutdown();
      assertTrue(announcers.awaitTermination(DEADLINE.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS));
      assertEquals(1, queries.get("/refusing").size(), "a tracker that refused the key hears nothing more");
      assertEquals(1, queries.get("/failing").size(), "a stopped goes only where a started was accepted");
    } finally {
      scheduler.shutdownNow();
      announcers.shutdownNow();
      server.stop(0);
    }
  }

  private static void serve(HttpServer server, Map<String, List<String>> queries, String path, int status, String body) {
    byte[] bytes = body.getBytes(StandardCharsets.ISO_8859_1);
    server.createContext(path, x -> {
      queries.computeIfAbsent(path, p -> new CopyOnWriteArrayList<>()).add(x.getRequestURI().getRawQuery());
      x.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
      try (OutputStream out = x.getResponseBody()) {
        out.write(bytes);
      }
    });
  }
}
