package org.altoredist.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An upstream that answers its head at once and then sends its body a byte a second (slowloris in
 * reverse): the JDK client's request timeout does not cover a body, so without the gateway's own
 * deadline one poll would hang for as long as the upstream liked. Each poll ends at the deadline
 * with TIMEOUT, and a stuck read never holds up the next poll.
 */
class TricklingUpstreamTest {

  static final Duration TIMEOUT = Duration.ofSeconds(1);

  @Test
  void aTrickledBodyEndsEachPollAtTheDeadline() throws Exception {
    List<Socket> held = new ArrayList<>();
    try (ServerSocket server = new ServerSocket(0, 50, Fixtures.host(6, 90))) {
      Thread t = new Thread(() -> trickle(server, held), "trickler");
      t.setDaemon(true);
      t.start();
      URI ird = URI.create("http://" + server.getInetAddress().getHostAddress() + ":" + server.getLocalPort() + "/directory");
      UpstreamMirror mirror = new UpstreamMirror(new Upstream(ird, TIMEOUT, List.of()), Clock.systemUTC());
      try {
        for (int poll = 1; poll <= 3; poll++) {
          long start = System.nanoTime();
          CatalogBuilder.Outcome o = mirror.build();
          Duration took = Duration.ofNanos(System.nanoTime() - start);
          assertNull(o.catalog());
          assertTrue(took.compareTo(TIMEOUT.multipliedBy(5)) < 0, "poll " + poll + " took " + took);
          assertEquals(UpstreamRefusal.Reason.TIMEOUT, mirror.upstreamStatus().problems().get(0).reason());
          assertEquals(poll, mirror.upstreamStatus().consecutiveFailures());
        }
      } finally {
        mirror.close();
      }
    } finally {
      for (Socket s : held) {
        s.close();
      }
    }
  }

  /** Answers every connection with a 200 head promising 1000 bytes, then one byte a second. */
  private static void trickle(ServerSocket server, List<Socket> held) {
    try {
      while (true) {
        Socket s = server.accept();
        synchronized (held) {
          held.add(s);
        }
        Thread w = new Thread(() -> {
          try (OutputStream out = s.getOutputStream()) {
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/alto-directory+json\r\nContent-Length: 1000\r\n\r\n{")
                .getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < 999; i++) {
              out.flush();
              Thread.sleep(1000);
              out.write(' ');
            }
          } catch (IOException | InterruptedException e) {
            // the gateway hung up, as it should
          }
        }, "trickle-" + s.getPort());
        w.setDaemon(true);
        w.start();
      }
    } catch (IOException e) {
      // the server socket closed: the test is over
    }
  }
}
