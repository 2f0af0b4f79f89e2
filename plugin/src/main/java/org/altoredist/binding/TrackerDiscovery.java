package org.altoredist.binding;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
import org.altoredist.engine.Discovery;
import org.altoredist.engine.RendezvousKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rendezvous through a torrent's own trackers: the {@code ar_alto} endpoint's port is announced
 * with the torrent's rendezvous key as the info-hash, and the peers the tracker lists under that
 * key are endpoints to meet. Vanilla peers announce and ask under the real info-hash, so they never
 * see an endpoint.
 *
 * <p>Only torrent keys go to trackers. A resource key belongs to no torrent, and sending it to the
 * trackers of every followed torrent would announce one client's ALTO service to trackers that have
 * nothing to do with it; the DHT carries resource keys. A tracker that refuses the key (a
 * whitelist, a private tracker) is asked no more for it: that is its answer, not a fault.
 *
 * <p>Each tracker is announced to with {@code started}, again after the interval it asks for
 * (within {@link #MIN_INTERVAL}..{@link #MAX_INTERVAL}), after a doubling back-off when it fails,
 * and with {@code stopped} when the membership closes.
 */
final class TrackerDiscovery implements Discovery {

  private static final Logger log = LoggerFactory.getLogger(TrackerDiscovery.class);

  /** The shortest re-announce interval honoured: BEP 3 trackers that ask for less are misconfigured. */
  static final Duration MIN_INTERVAL = Duration.ofSeconds(60);
  /**
   * The longest: trackers ask for 30 minutes by default (opentracker, libtorrent's assumption), and
   * a longer one would leave a newcomer only the announce it makes itself to be found by.
   */
  static final Duration MAX_INTERVAL = Duration.ofMinutes(30);
  /** The first wait after a failure, doubled on each failure in a row up to {@link #MAX_INTERVAL}. */
  static final Duration FIRST_BACKOFF = Duration.ofSeconds(60);
  /** How long one announce may take: BEP 15's first two waits (15 s and 30 s) fit in it. */
  static final Duration ANNOUNCE_DEADLINE = Duration.ofSeconds(45);
  /** How long the courtesy {@code stopped} announce may take: the tracker forgets us anyway. */
  static final Duration STOP_DEADLINE = Duration.ofSeconds(5);
  /**
   * How often a membership looks for trackers newly listed by its torrent and for announces due:
   * announces are minutes apart, and a torrent's trackers are known a moment after it is added.
   */
  static final Duration TICK = Duration.ofSeconds(5);

  private final Function<RendezvousKey, List<String>> trackersOf;
  private final TrackerClient client;
  private final ScheduledExecutorService scheduler;
  private final ExecutorService announcers;
  private final Duration tick;
  /** One peer id for the whole plugin, as BEP 3 clients keep one per session. */
  private final byte[] peerId = new byte[20];

  /**
   * @param trackersOf the announce URLs of the torrent whose rendezvous key is given; none for keys
   *     the plugin should not announce (no such torrent, a private one)
   * @param scheduler a thread that times announces and never blocks
   * @param announcers the threads that make announces, which block up to {@link #ANNOUNCE_DEADLINE}
   * @param tick {@link #TICK}; tests shorten it
   */
  TrackerDiscovery(Function<RendezvousKey, List<String>> trackersOf, TrackerClient client,
      ScheduledExecutorService scheduler, ExecutorService announcers, Duration tick) {
    this.trackersOf = trackersOf;
    this.client = client;
    this.scheduler = scheduler;
    this.announcers = announcers;
    this.tick = tick;
    new SecureRandom().nextBytes(peerId);
  }

  @Override
  public Membership join(RendezvousKey key, InetSocketAddress self, Consumer<List<InetSocketAddress>> found) {
    if (key.kind() != RendezvousKey.Kind.TORRENT) {
      return () -> { };
    }
    Joined j = new Joined(key, self, found);
    j.ticking = scheduler.scheduleWithFixedDelay(j::tick, 0, tick.toMillis(), TimeUnit.MILLISECONDS);
    return j::close;
  }

  /** One key's announces to each of its torrent's trackers. */
  private final class Joined {
    final RendezvousKey key;
    final InetSocketAddress self;
    final Consumer<List<InetSocketAddress>> found;
    final Map<String, TrackerState> trackers = new ConcurrentHashMap<>();
    volatile ScheduledFuture<?> ticking;
    volatile boolean closed;

    Joined(RendezvousKey key, InetSocketAddress self, Consumer<List<InetSocketAddress>> found) {
      this.key = key;
      this.self = self;
      this.found = found;
    }

    void tick() {
      try {
        long now = System.nanoTime();
        for (String url : trackersOf.apply(key)) {
          TrackerState t = trackers.computeIfAbsent(url, u -> TrackerState.of(u, key));
          if (!closed && t.due(now) && t.claim()) {
            submit(t, t.started ? TrackerClient.Event.NONE : TrackerClient.Event.STARTED, ANNOUNCE_DEADLINE);
          }
        }
      } catch (RuntimeException e) {
        log.warn("tracker rendezvous {}: listing the torrent's trackers failed", key.hex(), e);
      }
    }

    void submit(TrackerState t, TrackerClient.Event event, Duration deadline) {
      try {
        announcers.execute(() -> announce(t, event, deadline));
      } catch (RejectedExecutionException e) {
        t.release(); // the plugin is closing
      }
    }

    void announce(TrackerState t, TrackerClient.Event event, Duration deadline) {
      try {
        TrackerReply reply = client.announce(t.uri, new TrackerClient.Announce(key.bytes(), peerId, self, event), deadline);
        if (event == TrackerClient.Event.STOPPED) {
          return;
        }
        if (reply instanceof TrackerReply.Refused r) {
          t.refused = true;
          log.info("tracker {} refuses rendezvous {} ({}); not asking it again for this key", t.name, key.hex(), r.reason());
        } else if (reply instanceof TrackerReply.Peers p) {
          t.succeeded(System.nanoTime(), p.interval(), p.minInterval());
          log.debug("tracker {} lists {} endpoints under rendezvous {}", t.name, p.peers().size(), key.hex());
          if (!closed && !p.peers().isEmpty()) {
            found.accept(p.peers());
          }
        }
      } catch (TrackerException e) {
        if (event == TrackerClient.Event.STOPPED) {
          log.debug("tracker {}: stopped announce under rendezvous {} failed: {}", t.name, key.hex(), e.getMessage());
          return;
        }
        int failures = t.failed(System.nanoTime(), e.failure());
        if (failures == 1 || e.failure() == TrackerException.Failure.UNSUPPORTED) {
          log.info("tracker {}: announce under rendezvous {} failed: {}", t.name, key.hex(), e.getMessage());
        } else {
          log.debug("tracker {}: announce under rendezvous {} failed ({} in a row): {}", t.name, key.hex(), failures,
              e.getMessage());
        }
      } catch (RuntimeException e) {
        t.failed(System.nanoTime(), TrackerException.Failure.MALFORMED);
        log.warn("tracker {}: announce under rendezvous {} failed unexpectedly", t.name, key.hex(), e);
      } finally {
        t.release();
      }
    }

    void close() {
      closed = true;
      ScheduledFuture<?> f = ticking;
      if (f != null) {
        f.cancel(false);
      }
      for (TrackerState t : trackers.values()) {
        if (t.started && !t.refused && t.claim()) {
          submit(t, TrackerClient.Event.STOPPED, STOP_DEADLINE);
        }
      }
    }
  }

  /** Where one key stands with one tracker. Announces to it run one at a time ({@link #claim}). */
  private static final class TrackerState {
    final URI uri;
    /** The tracker without path or query, for logs: announce URLs of private trackers carry passkeys. */
    final String name;
    final AtomicBoolean busy = new AtomicBoolean();
    /** When the next announce is due, on the {@link System#nanoTime} scale: at once for a new tracker. */
    volatile long dueAt = System.nanoTime();
    volatile boolean started;
    volatile boolean refused;
    volatile boolean unusable;
    int failures;

    private TrackerState(URI uri, String name) {
      this.uri = uri;
      this.name = name;
    }

    static TrackerState of(String url, RendezvousKey key) {
      try {
        URI u = new URI(url);
        TrackerState t = new TrackerState(u, u.getScheme() + "://" + u.getHost() + (u.getPort() > 0 ? ":" + u.getPort() : ""));
        t.unusable = u.getHost() == null;
        return t;
      } catch (URISyntaxException e) {
        TrackerState t = new TrackerState(URI.create("invalid:"), "(an unparsable tracker URL)");
        t.unusable = true;
        log.info("not announcing rendezvous {} to an unparsable tracker URL", key.hex());
        return t;
      }
    }

    boolean due(long now) {
      return !refused && !unusable && now - dueAt >= 0;
    }

    boolean claim() {
      return busy.compareAndSet(false, true);
    }

    void release() {
      busy.set(false);
    }

    void succeeded(long now, Duration interval, Duration minInterval) {
      started = true;
      failures = 0;
      Duration wait = minInterval != null && minInterval.compareTo(interval) > 0 ? minInterval : interval;
      wait = wait.compareTo(MIN_INTERVAL) < 0 ? MIN_INTERVAL : wait.compareTo(MAX_INTERVAL) > 0 ? MAX_INTERVAL : wait;
      dueAt = now + wait.toNanos();
    }

    int failed(long now, TrackerException.Failure why) {
      failures++;
      unusable = why == TrackerException.Failure.UNSUPPORTED;
      // The shift stops at 5: a minute times 2^5 is past the 30-minute cap already.
      long backoff = FIRST_BACKOFF.toNanos() << Math.min(failures - 1, 5);
      dueAt = now + Math.min(backoff, MAX_INTERVAL.toNanos());
      return failures;
    }
  }
}
