package org.altoredist.http;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.ConnectionMetaData;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-connection deadline for a request head (alto-http.md §4.4): a connection must deliver a
 * complete request head within {@link #DEADLINE} of opening, or of the answer to its previous
 * request. An idle socket, a slowloris client trickling one header line every few seconds, or
 * bytes that never end a request line are closed when it passes. Jetty's idle timeout cannot do
 * this: every byte resets it.
 *
 * <p>Registered as a {@link Connection.Listener} on each connector; the request handler reports
 * when a connection's request starts and when its answer is handed over. A sweep on the server's
 * scheduler closes the late ones.
 */
final class HeadDeadline implements Connection.Listener {

  private static final Logger log = LoggerFactory.getLogger(HeadDeadline.class);

  /**
   * Ten seconds, libtorrent's handshake timeout: an honest client sends its head in one packet,
   * and even three TCP retransmissions (1 + 2 + 4 s) arrive within it.
   */
  static final Duration DEADLINE = Duration.ofSeconds(10);

  /** How often late connections are looked for: the deadline holds to within this. */
  static final Duration SWEEP = Duration.ofMillis(500);

  private final long deadlineNanos;
  private final Map<Connection, Long> waitingSince = new ConcurrentHashMap<>();
  private volatile boolean running = true;

  HeadDeadline(Duration deadline) {
    this.deadlineNanos = deadline.toNanos();
  }

  /** Starts sweeping on {@code scheduler} until {@link #stop}. */
  void start(Scheduler scheduler) {
    scheduler.schedule(() -> sweep(scheduler), SWEEP.toMillis(), TimeUnit.MILLISECONDS);
  }

  void stop() {
    running = false;
  }

  @Override
  public void onOpened(Connection connection) {
    // With TLS two connections open per socket; the HTTP one (which serves requests) is tracked.
    if (connection instanceof ConnectionMetaData) {
      waitingSince.put(connection, System.nanoTime());
    }
  }

  @Override
  public void onClosed(Connection connection) {
    waitingSince.remove(connection);
  }

  /** A request's head is complete: no deadline while it is answered. */
  void requestStarted(Connection connection) {
    waitingSince.remove(connection);
  }

  /** Its answer is handed over: the next head is due within the deadline. */
  void answered(Connection connection) {
    if (connection.getEndPoint().isOpen()) {
      waitingSince.put(connection, System.nanoTime());
    }
  }

  private void sweep(Scheduler scheduler) {
    if (!running) {
      return;
    }
    long now = System.nanoTime();
    for (Map.Entry<Connection, Long> e : waitingSince.entrySet()) {
      Connection c = e.getKey();
      if (!c.getEndPoint().isOpen()) {
        waitingSince.remove(c);
      } else if (now - e.getValue() > deadlineNanos) {
        waitingSince.remove(c);
        log.debug("closing {}: no complete request head within {}", c.getEndPoint().getRemoteSocketAddress(),
            DEADLINE);
        c.getEndPoint().close();
      }
    }
    scheduler.schedule(() -> sweep(scheduler), SWEEP.toMillis(), TimeUnit.MILLISECONDS);
  }
}
