package org.altoredist.binding;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.altoredist.engine.Discovery;
import org.altoredist.engine.RedistributionEngine;
import org.altoredist.engine.ServerFallback;
import org.altoredist.engine.WireTransport;
import org.altoredist.http.AltoClient;
import org.altoredist.trust.TrustPolicy;
import org.altoredist.wire.WireConfig;
import org.libtorrent4j.SessionManager;
import org.libtorrent4j.swig.settings_pack;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One attachment of an {@link AltoPlugin} to a session: the endpoint, the engine, the threads
 * {@link AltoPlugin} documents, the torrent follower and the steering, from attach to close.
 */
final class Attachment {

  private static final Logger log = LoggerFactory.getLogger(Attachment.class);

  /**
   * How long a verified IRD and network map serve the next server fetch: the engine asks for a
   * service's maps one by one within a second, and each version should cost the server one request.
   */
  private static final Duration SERVER_REUSE = Duration.ofSeconds(10);

  /**
   * Threads announcing to trackers. An announce to a dead tracker blocks one for its whole deadline
   * (45 s), so a few dead trackers among a torrent's list must not hold back the live ones; idle
   * threads end after a minute, since announces come minutes apart.
   */
  private static final int TRACKER_THREADS = 4;
  /**
   * How often the steering watches each torrent: starvation is judged over seconds
   * ({@link Starvation}), and a tick reads each torrent's status and peers, a few microseconds.
   */
  private static final Duration WATCH_EVERY = Duration.ofSeconds(1);

  private final AltoPlugin.Settings settings;
  final RedistributionEngine engine;
  final Steering steering;
  final WireTransport transport;
  private final SessionManager session;
  private final Candidates candidates;
  private final ScheduledExecutorService scheduler;
  /** Null without the DHT rendezvous. */
  private DhtDiscovery dht;
  private final ScheduledExecutorService steerer;
  private final ExecutorService fetches;
  private final ExecutorService announcers;
  /** Read by the tracker rendezvous on the timing thread, possibly before the constructor ends. */
  private volatile TorrentFollower follower;

  /** Attaches to a started session; see {@link AltoPlugin#attach}. */
  Attachment(AltoPlugin.Settings settings, SessionManager s) {
    this.settings = settings;
    this.session = s;
    InetAddress specific = settings.localAddress() != null ? settings.localAddress() : HostAddresses.specific(s);
    // A session on a wildcard (libtorrent's default) is reachable at every address of this host;
    // so is the endpoint then, and the host's addresses tell its PID.
    List<InetAddress> locals = specific != null ? List.of(specific) : HostAddresses.ofHost();
    InetAddress local = locals.get(0);
    InetSocketAddress bind = settings.endpoint() != null ? settings.endpoint()
        : specific != null ? new InetSocketAddress(specific, 0) : new InetSocketAddress(0);
    this.scheduler = Executors.newSingleThreadScheduledExecutor(daemon("altoredist-dht"));
    this.steerer = Executors.newSingleThreadScheduledExecutor(daemon("altoredist-steering"));
    this.fetches = Executors.newSingleThreadExecutor(daemon("altoredist-alto-client"));
    ThreadPoolExecutor trackerPool = new ThreadPoolExecutor(TRACKER_THREADS, TRACKER_THREADS, 1, TimeUnit.MINUTES,
        new LinkedBlockingQueue<>(), daemon("altoredist-tracker"));
    trackerPool.allowCoreThreadTimeOut(true);
    this.announcers = trackerPool;
    // What is already open, undone in reverse when a later step fails: an attach that throws must
    // leave the client's session and this JVM as it found them.
    Deque<Runnable> undo = new ArrayDeque<>(List.of(announcers::shutdownNow, scheduler::shutdownNow,
        steerer::shutdownNow, fetches::shutdownNow));
    try {
      this.transport = WireTransport.open(bind, WireConfig.defaults());
    } catch (IOException e) {
      undo.forEach(Runnable::run);
      throw new UncheckedIOException("cannot open the ar_alto endpoint on " + bind, e);
    }
    undo.push(transport::close);
    try {
      this.engine = startEngine(settings, s, locals, undo);
      this.candidates = new Candidates();
      s.addListener(candidates);
      undo.push(() -> s.removeListener(candidates));
      InetSocketAddress listen = sessionListen(s, local);
      this.steering = new Steering(s, settings, listen != null ? listen : new InetSocketAddress(local, 0),
          new SplittableRandom(), Clock.systemUTC(), candidates);
      follower = new TorrentFollower(s, engine, settings.follow());
      undo.push(follower::stop);
      follower.start();
    } catch (RuntimeException e) {
      undo.forEach(Runnable::run);
      throw e;
    }
    long every = WATCH_EVERY.toMillis();
    steerer.scheduleWithFixedDelay(this::steer, every, every, TimeUnit.MILLISECONDS);
    if (settings.serverRefresh() != null) {
      long refresh = settings.serverRefresh().toMillis();
      scheduler.scheduleWithFixedDelay(this::refreshFromServer, 0, refresh, TimeUnit.MILLISECONDS);
    }
    log.info("ALTO redistribution attached: endpoint {}, services {}", transport.localAddress(),
        settings.trust().stream().map(TrustPolicy::service).toList());
  }

  /** Builds and starts the engine, pushing onto {@code undo} what undoes each step that opened something. */
  private RedistributionEngine startEngine(AltoPlugin.Settings settings, SessionManager s, List<InetAddress> locals,
      Deque<Runnable> undo) {
    RedistributionEngine.Builder b = RedistributionEngine.builder().localAddresses(locals)
        .transport(transport).randomFraction(settings.randomFraction()).events(settings.listener())
        .uploadRate(uploadRate(settings.uploadRate(), s))
        .discovery(discovery(s))
        .privateDiscovery(settings.bootstrap().isEmpty() ? Discovery.none() : Discovery.fixed(settings.bootstrap()));
    if (dht != null) {
      undo.push(dht::stop);
    }
    settings.trust().forEach(t -> b.use(t));
    if (settings.stateDir() != null) {
      b.stateDir(settings.stateDir());
    }
    if (settings.serverFallback()) {
      b.serverFallback(serverFallback(), settings.fallbackDelay(), 0.5);
    }
    RedistributionEngine e = b.build();
    undo.push(e::close);
    e.start();
    for (Path bundle : settings.seedBundles()) {
      e.seed(bundle);
    }
    return e;
  }

  /**
   * The upload capacity the engine may plan with: the one {@code configured}, or else the session's upload
   * limit (libtorrent's {@code upload_rate_limit}, 0 for none), which bounds what this host is willing
   * to send; 0, unknown, when neither is set.
   */
  static long uploadRate(long configured, SessionManager s) {
    if (configured > 0) {
      return configured;
    }
    return Math.max(0, s.swig().get_settings().get_int(settings_pack.int_types.upload_rate_limit.swigValue()));
  }

  /** Asks the ALTO server now for newer versions of every map. */
  void refreshFromServer() {
    engine.refresh();
  }

  /** The session attached to. */
  SessionManager session() {
    return session;
  }

  /** Releases every thread, socket and file; see {@link AltoPlugin#close}. */
  void close() {
    follower.stop();
    session.removeListener(candidates);
    scheduler.shutdownNow();
    if (dht != null) {
      dht.stop();
    }
    steerer.shutdown();
    fetches.shutdownNow();
    try {
      // A steering tick under way finishes before the filters are restored, or it would re-apply them.
      steerer.awaitTermination(10, TimeUnit.SECONDS);
      restoreFilters();
      engine.close();
      // Closing the engine left its rendezvous: the trackers' stopped announces are queued now.
      announcers.shutdown();
      scheduler.awaitTermination(15, TimeUnit.SECONDS);
      fetches.awaitTermination(15, TimeUnit.SECONDS);
      announcers.awaitTermination(TrackerDiscovery.STOP_DEADLINE.toSeconds() + 1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      restoreFilters();
      engine.close();
      announcers.shutdownNow();
    }
    log.info("ALTO redistribution detached");
  }

  /**
   * Puts the session's IP filter and peer classes back, unless the session stopped first: they went
   * with it, and libtorrent4j's handle to it is gone (a client that stops its session before closing
   * the plugin must still get every thread and socket back).
   */
  private void restoreFilters() {
    if (!session.isRunning()) {
      log.info("the session stopped before the plugin closed: its filters went with it");
      return;
    }
    try {
      steering.restore();
    } catch (RuntimeException e) {
      log.warn("the session's filters could not be put back; closing the rest", e);
    }
  }

  private void steer() {
    try {
      engine.ranker().ifPresent(r -> steering.tick(r, follower.torrents(), engine.peerAddresses(), System.nanoTime()));
    } catch (RuntimeException e) {
      log.warn("steering tick failed", e);
    }
  }

  private Discovery discovery(SessionManager s) {
    List<Discovery> sources = new ArrayList<>();
    if (settings.dht()) {
      dht = new DhtDiscovery(s, scheduler, key -> follower == null ? null : follower.activityOf(key),
          DhtDiscovery.LOOKUP_DEADLINE);
      dht.listen();
      sources.add(dht);
    }
    if (settings.trackers()) {
      sources.add(TrackerRendezvous.over(key -> follower == null ? List.of() : follower.trackersOf(key), scheduler,
          announcers));
    }
    if (!settings.bootstrap().isEmpty()) {
      sources.add(Discovery.fixed(settings.bootstrap()));
    }
    return Discovery.all(sources);
  }

  private ServerFallback serverFallback() {
    Map<String, AltoClient> clients = new HashMap<>();
    for (TrustPolicy t : settings.trust()) {
      AltoClient.Builder cb = AltoClient.builder(t).reuse(SERVER_REUSE);
      URI location = settings.serverLocations().get(t.service());
      if (location != null) {
        cb.directoryLocation(location);
      }
      if (!settings.tlsAnchors().isEmpty()) {
        cb.tlsAnchors(settings.tlsAnchors());
      }
      clients.put(t.service(), cb.build());
    }
    return ServerFallback.http(clients, fetches);
  }

  /** The session's own peer-wire address, so the steering never dials it. */
  private static InetSocketAddress sessionListen(SessionManager s, InetAddress local) {
    int port = s.swig().listen_port();
    return port > 0 ? new InetSocketAddress(local, port) : null;
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }
}
