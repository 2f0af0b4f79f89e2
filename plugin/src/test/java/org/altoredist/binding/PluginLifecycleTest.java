package org.altoredist.binding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import org.altoredist.http.AltoServer;
import org.altoredist.testing.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.libtorrent4j.SessionManager;

/** What a client meets when it attaches and closes the plugin in an order of its own. */
class PluginLifecycleTest {

  private static final Duration DEADLINE = Duration.ofSeconds(30);

  @TempDir
  Path dir;

  private AltoPlugin plugin(AltoServer server) throws Exception {
    return AltoPlugin.builder().trust(ExampleAltoServer.trust(server))
        .serverLocation(ExampleAltoServer.SERVICE.toString(), server.httpDirectory()).dht(false).trackers(false)
        .fallbackDelay(Duration.ZERO).stateDir(dir.resolve("state")).build();
  }

  /**
   * A client that stops its session before it closes the plugin: the filters went with the
   * session, and the plugin still gives back its endpoint and threads without throwing.
   */
  @Test
  void closingAfterTheSessionStoppedReleasesEverythingWithoutThrowing() throws Exception {
    try (AltoServer server = ExampleAltoServer.start(dir, "127.0.6.10")) {
      AltoPlugin plugin = plugin(server);
      SessionManager session = LoopbackSessions.start(LoopbackSessions.settings(InetAddress.getByName("127.0.6.1"), 0));
      plugin.attach(session);
      Await.until("the plugin steers by a map: it has written the session's filters", DEADLINE,
          () -> plugin.steeredBy().isPresent());
      InetSocketAddress endpoint = plugin.endpoint();
      session.stop();
      plugin.close();
      assertNull(plugin.endpoint());
      assertThrows(IOException.class, () -> new Socket(endpoint.getAddress(), endpoint.getPort()).close(),
          "the ar_alto endpoint is closed");
    }
  }

  /**
   * A setting out of range is refused where it is set: refused at attach, it would be refused with
   * the endpoint already bound and a listener on the session.
   */
  @Test
  void settingsOutOfRangeAreRefusedByTheBuilder() {
    AltoPlugin.Builder b = AltoPlugin.builder();
    assertThrows(IllegalArgumentException.class, () -> b.randomFraction(2));
    assertThrows(IllegalArgumentException.class, () -> b.randomFraction(Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> b.fallbackDelay(Duration.ofSeconds(-1)));
    assertThrows(IllegalArgumentException.class, () -> b.steering(-1, Duration.ofSeconds(1)));
    assertThrows(IllegalArgumentException.class, () -> b.steering(8, Duration.ZERO));
  }

  /**
   * An attach that fails part-way (here the state directory is a file) leaves nothing behind: the
   * endpoint it had bound is free again, and the plugin may attach once the cause is fixed.
   */
  @Test
  void anAttachThatFailsPartWayReleasesWhatItHadOpened() throws Exception {
    Path notADirectory = java.nio.file.Files.writeString(dir.resolve("state-file"), "a file, not a directory");
    int port;
    try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, InetAddress.getByName("127.0.6.3"))) {
      port = probe.getLocalPort();
    }
    InetSocketAddress endpoint = new InetSocketAddress("127.0.6.3", port);
    try (AltoServer server = ExampleAltoServer.start(dir, "127.0.6.12")) {
      SessionManager session = LoopbackSessions.start(LoopbackSessions.settings(InetAddress.getByName("127.0.6.3"), 0));
      AltoPlugin broken = AltoPlugin.builder().trust(ExampleAltoServer.trust(server)).dht(false).trackers(false)
          .endpoint(endpoint).stateDir(notADirectory).build();
      AltoPlugin fixed = AltoPlugin.builder().trust(ExampleAltoServer.trust(server)).dht(false).trackers(false)
          .endpoint(endpoint).stateDir(dir.resolve("state")).build();
      try {
        assertThrows(RuntimeException.class, () -> broken.attach(session));
        assertNull(broken.endpoint());
        fixed.attach(session);
        assertEquals(endpoint, fixed.endpoint(), "the port the failed attach had bound is free again");
      } finally {
        fixed.close();
        session.stop();
      }
    }
  }

  /** Two plugins on one session would each take the other's filters for the session's own. */
  @Test
  void aSecondPluginOnOneSessionIsRefusedAndMayAttachOnceTheFirstCloses() throws Exception {
    try (AltoServer server = ExampleAltoServer.start(dir, "127.0.6.11")) {
      SessionManager session = LoopbackSessions.start(LoopbackSessions.settings(InetAddress.getByName("127.0.6.2"), 0));
      AltoPlugin first = plugin(server);
      AltoPlugin second = plugin(server);
      try {
        first.attach(session);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> second.attach(session));
        assertEquals(true, e.getMessage().contains("one per session"), e.getMessage());
        first.close();
        second.attach(session);
      } finally {
        first.close();
        second.close();
        session.stop();
      }
    }
  }
}
