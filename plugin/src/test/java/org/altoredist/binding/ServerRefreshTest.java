package org.altoredist.binding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.altoredist.engine.HeldResource;
import org.altoredist.http.AltoServer;
import org.altoredist.testing.Await;
import org.altoredist.trust.TrustPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.libtorrent4j.SessionManager;

/**
 * A seeder's scheduled refresh ({@link AltoPlugin.Builder#refreshFromServerEvery}): with the
 * fallback delay at an hour, only the schedule can make the plugin ask the ALTO server, so holding
 * the maps proves the first refresh ran at attach, and holding a version published afterwards
 * proves the later ones run.
 */
class ServerRefreshTest {

  private static final URI SERVICE = ExampleAltoServer.SERVICE;
  private static final String NETWORK_MAP = "loopback-network-map";
  private static final Duration DEADLINE = Duration.ofSeconds(30);

  @TempDir
  Path dir;

  @Test
  void aScheduledRefreshTakesANewlyPublishedVersionAndDropsTheOld() throws Exception {
    Path maps = dir.resolve("maps");
    try (AltoServer server = ExampleAltoServer.start(dir, "127.0.5.10")) {
      TrustPolicy trust = ExampleAltoServer.trust(server);
      AltoPlugin plugin = AltoPlugin.builder().trust(trust).serverLocation(SERVICE.toString(), server.httpDirectory())
          .dht(false).fallbackDelay(Duration.ofHours(1)).refreshFromServerEvery(Duration.ofMillis(300)).build();
      SessionManager session = loopbackSession("127.0.5.1");
      try {
        plugin.attach(session);
        Await.until("the first refresh brought the network map", DEADLINE, () -> networkMap(plugin) != null);
        HeldResource first = networkMap(plugin);
        assertEquals(HeldResource.Source.SERVER, first.source());

        Path nm = maps.resolve("networkmap.json");
        Path edited = dir.resolve("networkmap.json.new");
        Files.writeString(edited, Files.readString(nm).replace("\"pid-4\": { \"ipv4\": [ \"127.0.4.0/24\" ] },",
            "\"pid-4\": { \"ipv4\": [ \"127.0.4.0/24\" ] },\n    \"pid-5\": { \"ipv4\": [ \"127.0.5.0/24\" ] },"));
        Files.move(edited, nm, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        server.rescan();

        Await.until("a later refresh brought the new version", DEADLINE, () -> plugin.held().stream()
            .anyMatch(h -> NETWORK_MAP.equals(h.resourceId()) && h.sequence() > first.sequence()));
        // The old network map stays until the cost map re-signed over the new one is held too: a
        // cost map is only usable with the network map its vtag names.
        Await.until("the superseded version was dropped", DEADLINE, () -> plugin.held().stream()
            .noneMatch(h -> h.hash().equals(first.hash())));
        assertEquals(1, plugin.held().stream().filter(h -> NETWORK_MAP.equals(h.resourceId())).count(), plugin.held()::toString);
      } finally {
        plugin.close();
        session.stop();
      }
    }
  }

  @Test
  void aRefreshScheduleNeedsTheServerAndAPositiveInterval() {
    TrustPolicy trust = TrustPolicy.forService(SERVICE.toString()).pin(new byte[32]).build();
    assertThrows(IllegalStateException.class, () -> AltoPlugin.builder().trust(trust).noServerFallback()
        .refreshFromServerEvery(Duration.ofSeconds(1)).build());
    assertThrows(IllegalArgumentException.class, () -> AltoPlugin.builder().refreshFromServerEvery(Duration.ZERO));
  }

  private static HeldResource networkMap(AltoPlugin p) {
    return p.held().stream().filter(h -> NETWORK_MAP.equals(h.resourceId())).findFirst().orElse(null);
  }

  private static SessionManager loopbackSession(String ip) throws java.net.UnknownHostException {
    return LoopbackSessions.start(LoopbackSessions.settings(java.net.InetAddress.getByName(ip), 0));
  }
}
