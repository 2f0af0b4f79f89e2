package org.altoredist.binding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.altoredist.testing.Await;
import org.altoredist.engine.HeldResource;
import org.altoredist.http.AltoServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.libtorrent4j.SessionManager;

/**
 * What a client builds its UI and log on: the listener hears of each map installed, with where it
 * came from, and of the map the steering applies; and the PID and cost of an address are answered
 * locally from the maps the steering uses.
 */
class PluginEventsTest {

  private static final String CLIENT = "127.0.1.5";

  @TempDir
  Path dir;

  @Test
  void theListenerHearsOfEachMapInstalledAndOfTheMapAppliedAndPidAndCostAreAnsweredLocally() throws Exception {
    List<HeldResource> installed = new CopyOnWriteArrayList<>();
    List<AltoListener.SteeringChange> changes = new CopyOnWriteArrayList<>();
    AltoListener listener = new AltoListener() {
      @Override
      public void mapInstalled(HeldResource held) {
        installed.add(held);
      }

      @Override
      public void steeringChanged(SteeringChange change) {
        changes.add(change);
      }
    };
    try (AltoServer server = ExampleAltoServer.start(dir, "127.0.5.20")) {
      AltoPlugin plugin = AltoPlugin.builder().trust(ExampleAltoServer.trust(server))
          .serverLocation(ExampleAltoServer.SERVICE.toString(), server.httpDirectory()).dht(false)
          .fallbackDelay(Duration.ZERO).listener(listener).build();
      assertEquals(Optional.empty(), plugin.pidOf(InetAddress.getByName("127.0.2.9")), "no answer before a map");
      SessionManager session = LoopbackSessions.start(LoopbackSessions.settings(InetAddress.getByName(CLIENT), 0));
      try {
        plugin.attach(session);
        Await.until("the network and cost maps were installed from the server", () -> installed.stream()
            .filter(h -> h.source() == HeldResource.Source.SERVER).map(HeldResource::resourceId)
            .collect(Collectors.toSet()).containsAll(Set.of("loopback-network-map", "loopback-routingcost")));
        Await.until("the steering applied the network map", () -> changes.stream()
            .anyMatch(c -> c.kind() == AltoListener.SteeringChange.Kind.MAP_APPLIED));
        for (HeldResource h : plugin.held()) {
          assertTrue(installed.contains(h), "held but never reported: " + h);
        }

        assertEquals(Optional.of("pid-2"), plugin.pidOf(InetAddress.getByName("127.0.2.9")));
        assertEquals(Optional.of("pid-default"), plugin.pidOf(InetAddress.getByName("192.0.2.1")));
        // From the client's PID, pid-1, in the example cost map.
        assertEquals(1.0, plugin.costTo(InetAddress.getByName("127.0.1.9")));
        assertEquals(10.0, plugin.costTo(InetAddress.getByName("127.0.2.9")));
        assertEquals(100.0, plugin.costTo(InetAddress.getByName("192.0.2.1")));
      } finally {
        plugin.close();
        session.stop();
      }
    }
  }
}
