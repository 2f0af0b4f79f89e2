package org.altoredist.binding;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Objects;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.function.Predicate;
import org.altoredist.alto.VersionTag;
import org.altoredist.engine.EngineMetrics;
import org.altoredist.engine.EngineStats;
import org.altoredist.engine.HeldResource;
import org.altoredist.engine.Ranker;
import org.altoredist.trust.TrustPolicy;
import org.libtorrent4j.SessionManager;
import org.libtorrent4j.TorrentInfo;

/**
 * ALTO information redistribution in a libtorrent4j client. A few lines enable it:
 *
 * <pre>{@code
 * AltoPlugin alto = AltoPlugin.builder()              // loads libtorrent4j's native library if needed
 *     .trust(TrustPolicy.forService("https://alto.isp.example/directory").anchor(ispCa).build())
 *     .stateDir(Path.of("alto-state"))
 *     .build();
 * SessionManager session = new SessionManager();      // the client's own session, as before
 * session.start(params);
 * alto.attach(session);                               // follows its torrents from now on
 * ...
 * alto.close();                                       // releases every thread, socket and file
 * }</pre>
 *
 * <p>Once attached it follows the session's torrents through alerts. For each, it runs the
 * {@code ar_alto} extension on its own peer-wire endpoint (libtorrent4j exposes no plugin API) and
 * meets the torrent's other ALTO peers under a rendezvous key derived from the info-hash, through
 * the session's DHT and through the torrent's own trackers where they accept that key, so vanilla
 * peers never meet the endpoint. It gets signed maps from those peers or, failing them, from its
 * ALTO server, verifies and keeps them, passes them on, and steers libtorrent with them: dialling
 * order, peer classes and IP-filter blocks that give way to a starving download (the README's
 * "Steering is a preference, never a wall" states the rules and what they change in the session;
 * the source of the package-private {@code Steering} argues each number).
 *
 * <p>Threads: the engine's loop and disk thread, one timing DHT announces, lookups and scheduled
 * server refreshes (DHT lookups hold no thread: their replies come as libtorrent alerts), one for
 * steering, one for ALTO-server fetches and up to four announcing to trackers (ended after a minute
 * idle), however many torrents are followed; all are daemon threads and all end in {@link #close}
 * (a tracker announce within its 45-second deadline; {@code close} waits five seconds for the
 * trackers' {@code stopped} announces). Cost: a few megabytes for maps of ISP size, one TCP
 * listener, a DHT announce and a few lookups per torrent per minute, and per torrent and tracker
 * one announce (one TCP connection or two UDP round trips, under 1 KiB each way) per interval the
 * tracker asks for, between one and thirty minutes.
 *
 * <p>The JVM must chain signal handlers ({@link SignalChaining}); {@link #builder()} fails fast
 * otherwise.
 */
public final class AltoPlugin implements AutoCloseable {

  /** What the builder collected, for the package's classes. */
  record Settings(List<TrustPolicy> trust, Map<String, URI> serverLocations, List<X509Certificate> tlsAnchors,
      boolean serverFallback, Duration fallbackDelay, Path stateDir, InetSocketAddress endpoint,
      InetAddress localAddress, List<InetSocketAddress> bootstrap, boolean dht, boolean trackers, double randomFraction,
      int connectPerTick, Duration steerEvery, boolean localPeerClass, boolean localWithinLimits, double costThreshold,
      List<Path> seedBundles, Duration serverRefresh, Predicate<TorrentInfo> follow, AltoListener listener,
      long uploadRate) {}

  private final Settings settings;
  /**
   * The sessions a plugin is attached to, in this JVM. By identity, and weakly: a session a client
   * dropped without closing its plugin does not stay here.
   */
  private static final Set<SessionManager> SESSIONS = Collections.newSetFromMap(new WeakHashMap<>());

  private volatile Attachment attached;

  private AltoPlugin(Settings settings) {
    this.settings = settings;
  }

  /** What the builder collected. */
  Settings settings() {
    return settings;
  }

  /**
   * Starts configuring a plugin; makes libtorrent4j loadable first ({@link Libtorrent4jNative}):
   * unless {@code -Dlibtorrent4j.jni.path} is set, it extracts the bundled Linux x86_64 library
   * (14 MB, once per content) into {@code $TMPDIR/altoredist-native-$USER} and sets that property.
   *
   * @throws IllegalStateException on Linux without the JDK's signal-chaining library preloaded, or
   *     on another platform without the property; the message says what to do
   */
  public static Builder builder() {
    Libtorrent4jNative.ensureLoadable();
    return new Builder();
  }

  /**
   * Attaches to a started session: opens the endpoint on the session's listen address (or the one
   * configured), starts the engine, seeds the configured bundles, and follows every torrent the
   * session has now or adds later. One session per plugin.
   *
   * @throws IllegalStateException if already attached, another plugin is attached to {@code s}, or
   *     the session is not running
   * @throws UncheckedIOException if the endpoint cannot bind
   */
  public synchronized void attach(SessionManager s) {
    if (attached != null) {
      throw new IllegalStateException("already attached");
    }
    if (!s.isRunning()) {
      throw new IllegalStateException("start the session before attaching");
    }
    synchronized (SESSIONS) {
      if (SESSIONS.contains(s)) {
        throw new IllegalStateException("another AltoPlugin is attached to this session; one per session:"
            + " each would take the other's IP filter and peer classes for the session's own");
      }
      attached = new Attachment(settings, s);
      SESSIONS.add(s);
    }
  }

  /**
   * Asks the ALTO server now for newer versions of every map (what a seeder does to start serving;
   * {@link Builder#refreshFromServerEvery} does it on a schedule).
   */
  public void refreshFromServer() {
    Attachment a = attached;
    if (a != null) {
      a.refreshFromServer();
    }
  }

  /**
   * The ranking the steering uses now: the verified network and cost maps seen from this client's
   * PID, immutable; empty while not attached or before both maps are held. The engine itself stays
   * inside: its start, join, leave and close belong to the attachment.
   */
  public Optional<Ranker> ranker() {
    Attachment a = attached;
    return a == null ? Optional.empty() : a.engine.ranker();
  }

  /** The engine's counters now; null while not attached. */
  public EngineStats stats() {
    Attachment a = attached;
    return a == null ? null : a.engine.stats();
  }

  /**
   * Registers the engine's statistics with a Prometheus registry ({@link EngineMetrics}); they
   * read this plugin's engine whenever scraped, through detach and re-attach.
   */
  public void registerMetrics(PrometheusRegistry registry) {
    EngineMetrics.register(registry, this::stats, this::held);
  }

  public List<HeldResource> held() {
    Attachment a = attached;
    return a == null ? List.of() : a.engine.held();
  }

  /**
   * The network map version whose peer classes and filters libtorrent applies now, if any: holding
   * a map precedes steering by it by up to one steering interval.
   */
  public Optional<VersionTag> steeredBy() {
    Attachment a = attached;
    return a == null ? Optional.empty() : Optional.ofNullable(a.steering.appliedFor());
  }

  /**
   * The plugin's latest steering decisions, oldest first: each place of each ranking, dialled or
   * already connected, and each peer let through for relief; the last 1,000.
   */
  public List<SteeringEvent> steeringLog() {
    Attachment a = attached;
    return a == null ? List.of() : a.steering.events();
  }

  /**
   * The PID the network map steered by puts {@code a} in, answered locally; empty while no map
   * steers, or when the map covers no such address.
   */
  public Optional<String> pidOf(InetAddress a) {
    Attachment at = attached;
    return at == null ? Optional.empty() : at.engine.ranker().map(r -> r.pidOf(a));
  }

  /**
   * The cost from this client's PID to {@code a}'s, in the cost map's units and direction (see
   * {@code CostType}), answered locally; NaN while no map steers or where the map defines none.
   */
  public double costTo(InetAddress a) {
    Attachment at = attached;
    return at == null ? Double.NaN
        : at.engine.ranker().map(r -> r.costTo(r.index().indexOf(a))).orElse(Double.NaN);
  }

  /**
   * Whether libtorrent now puts this address in its local peer class: this node's PID, except at
   * a gateway of two PID-mates or more with {@link Builder#localPeersWithinLimits}.
   */
  public boolean inLocalPeerClass(InetAddress a) {
    Attachment at = attached;
    return at != null && (at.steering.peerClassesOf(a) & PeerClasses.LOCAL_CLASS) != 0;
  }

  /** Where the {@code ar_alto} endpoint listens; null while not attached. */
  public InetSocketAddress endpoint() {
    Attachment a = attached;
    return a == null ? null : a.transport.localAddress();
  }

  /**
   * Detaches from the session and releases every thread, socket and file: the session keeps its
   * torrents and runs on, with libtorrent's own filters back in place. Waits for a steering tick
   * under way. A session stopped before this keeps nothing to put back, and the rest is released
   * all the same.
   */
  @Override
  public synchronized void close() {
    if (attached == null) {
      return;
    }
    try {
      attached.close();
    } finally {
      synchronized (SESSIONS) {
        SESSIONS.remove(attached.session());
      }
      attached = null;
    }
  }

  /** Configuration; every setting has a default except the trust of at least one service. */
  public static final class Builder {
    private final List<TrustPolicy> trust = new ArrayList<>();
    private final Map<String, URI> serverLocations = new HashMap<>();
    private List<X509Certificate> tlsAnchors = List.of();
    private boolean serverFallback = true;
    private Duration fallbackDelay = Duration.ofSeconds(20);
    private Path stateDir;
    private InetSocketAddress endpoint;
    private InetAddress localAddress;
    private final List<InetSocketAddress> bootstrap = new ArrayList<>();
    private boolean dht = true;
    private boolean trackers = true;
    private double randomFraction = 0.1;
    private int connectPerTick = 8;
    private Duration steerEvery = Duration.ofSeconds(5);
    private boolean localPeerClass = true;
    private boolean localWithinLimits;
    private double costThreshold = CostFilter.OWN_PID;
    private final List<Path> seedBundles = new ArrayList<>();
    private Duration serverRefresh;
    private Predicate<TorrentInfo> follow = t -> true;
    private AltoListener listener = new AltoListener() { };
    private long uploadRate;

    private Builder() {}

    /** An ALTO service whose maps this client uses, and how to trust them. Repeatable. */
    public Builder trust(TrustPolicy policy) {
      trust.add(Objects.requireNonNull(policy, "policy"));
      return this;
    }

    /** Where that service's IRD is fetched when it is not at the service URI itself (a mirror, a CDN). */
    public Builder serverLocation(String service, URI directory) {
      serverLocations.put(service, directory);
      return this;
    }

    /** Anchors for HTTPS to the ALTO server, when not the JDK's. */
    public Builder tlsAnchors(List<X509Certificate> anchors) {
      tlsAnchors = List.copyOf(anchors);
      return this;
    }

    /** Never ask the ALTO server; peers only (a swarm seeded with maps). */
    public Builder noServerFallback() {
      serverFallback = false;
      return this;
    }

    /**
     * How long to wait for peers before asking the ALTO server (default 20 s).
     *
     * @throws IllegalArgumentException if negative
     */
    public Builder fallbackDelay(Duration d) {
      if (d.isNegative()) {
        throw new IllegalArgumentException("fallback delay is negative: " + d);
      }
      fallbackDelay = d;
      return this;
    }

    /** Where verified maps are kept across restarts; none keeps them in memory. */
    public Builder stateDir(Path dir) {
      stateDir = dir;
      return this;
    }

    /**
     * Where the ar_alto endpoint listens (default: the session's listen address, any port; every
     * address, any port, when the session listens on a wildcard, as libtorrent's default does).
     */
    public Builder endpoint(InetSocketAddress bind) {
      endpoint = bind;
      return this;
    }

    /**
     * This client's address, for its PID (default: the session's listen address; with a session on
     * a wildcard, the first of this host's addresses the network map places, global ones first).
     */
    public Builder localAddress(InetAddress a) {
      localAddress = a;
      return this;
    }

    /**
     * Which of the session's torrents the plugin follows (default: all): for each, once its metadata
     * is known, {@code true} lets the plugin meet the torrent's other ALTO peers and steer its
     * connections, {@code false} leaves it alone. Opt in ({@code t -> mine.contains(t.infoHash())})
     * or out ({@code t -> !t.isPrivate()}). Called for the session's torrents at
     * {@link AltoPlugin#attach} on the attaching thread, then on libtorrent4j's alert thread as
     * torrents come; must return quickly.
     *
     * <p>Private torrents (BEP 27) that it follows are never announced or looked up in the DHT nor
     * at trackers, under their info-hash or their rendezvous key: they meet ALTO peers through the
     * {@link #bootstrap} endpoints alone, and without any, through none (their connections are
     * still steered, among the peers their tracker gives libtorrent).
     */
    public Builder follow(Predicate<TorrentInfo> which) {
      follow = Objects.requireNonNull(which, "which");
      return this;
    }

    /** Told of maps installed and refused, peers dropped and steering changes; see {@link AltoListener}. */
    public Builder listener(AltoListener l) {
      listener = Objects.requireNonNull(l, "listener");
      return this;
    }

    /**
     * Known ar_alto endpoints to meet besides the DHT's and the trackers'; the only ones private
     * torrents meet. Repeatable.
     */
    public Builder bootstrap(InetSocketAddress endpoint) {
      bootstrap.add(endpoint);
      return this;
    }

    /** Whether to use the session's DHT for rendezvous and candidates (default yes). */
    public Builder dht(boolean use) {
      dht = use;
      return this;
    }

    /**
     * Whether to meet other ALTO peers through each torrent's own HTTP(S) and UDP trackers as
     * well (default yes): the endpoint's port is announced with the torrent's rendezvous key as the
     * info-hash. Trackers that refuse the key are left alone; private torrents' trackers are never
     * asked.
     */
    public Builder trackers(boolean use) {
      trackers = use;
      return this;
    }

    /**
     * Share of connections chosen regardless of cost, for robustness (default 0.1, as in RFC 5632's
     * trial): candidates ranked at random, and with a cost threshold the share of blocked peers let
     * through, picked so that both ends of a pair agree.
     *
     * @throws IllegalArgumentException if not within 0 to 1
     */
    public Builder randomFraction(double f) {
      if (!(f >= 0 && f <= 1)) {
        throw new IllegalArgumentException("random fraction outside 0..1: " + f);
      }
      randomFraction = f;
      return this;
    }

    /**
     * Connections dialled per torrent per steering tick (default 8), and how often ticks run (default 5 s).
     *
     * @throws IllegalArgumentException if {@code connectPerTick} is negative or {@code every} not positive
     */
    public Builder steering(int connectPerTick, Duration every) {
      if (connectPerTick < 0 || every.isNegative() || every.isZero()) {
        throw new IllegalArgumentException("steering " + connectPerTick + " per tick every " + every);
      }
      this.connectPerTick = connectPerTick;
      this.steerEvery = every;
      return this;
    }

    /**
     * Whether same-PID peers go into libtorrent's local peer class (default yes). There, as LAN
     * peers are by default, they are unchoked regardless of upload slots, and the session's rate
     * limits (the global class's) bear on traffic that leaves the PID only. libtorrent classes a
     * connection when it is made: when a network map applies, the connections to same-PID peers
     * made before are closed and dialled again, those this node can dial (those it dialled, or
     * whose listen port a DHT lookup found).
     */
    public Builder localPeerClass(boolean on) {
      localPeerClass = on;
      return this;
    }

    /**
     * This host's upload capacity in bytes per second, for the ALTO maps it serves (default 0: the
     * session's {@code upload_rate_limit} at attach, when it has one, and otherwise unknown). With a
     * rate, a peer whose queued answers would keep a new requester waiting turns it away ("busy") to
     * a holder with room, rather than holding a queue of requesters for seconds; issue 17's
     * simulation measured 32 rounds to 99 % of 100,000 nodes with it, 40 without.
     */
    public Builder uploadRate(long bytesPerSecond) {
      if (bytesPerSecond < 0) {
        throw new IllegalArgumentException("negative upload rate: " + bytesPerSecond);
      }
      uploadRate = bytesPerSecond;
      return this;
    }

    /**
     * Keeps same-PID peers in the global class as well as the local one (default no), so that the
     * session's rate limits bound their traffic too: for a user whose limit stands for an access
     * link that same-ISP traffic crosses as well. They stay unchoked regardless of upload slots and
     * weigh double when libtorrent shares bandwidth (each class adds its priority of 1).
     */
    public Builder localPeersWithinLimits(boolean on) {
      localWithinLimits = on;
      return this;
    }

    /**
     * Block PIDs costlier than {@code threshold}, in the cost map's units (NaN: block none, steer
     * by dialling order and peer classes only). The default blocks every PID costlier than this
     * node's own. Either way the blocks give way as the README's steering rules say: never while
     * no other ALTO peer shares this node's PID, for about the random fraction of peers, and for a
     * download that starves.
     */
    public Builder costThreshold(double threshold) {
      costThreshold = threshold;
      return this;
    }

    /** A signed bundle (a seeder's map file) to hold and pass on from the start. Repeatable. */
    public Builder seed(Path bundle) {
      seedBundles.add(bundle);
      return this;
    }

    /**
     * Ask the ALTO server for newer versions of every map at attach and then every {@code interval}
     * (default: never): what a seeder does, so that a version its operator publishes reaches the
     * swarm without a restart. Each new version costs the server one download; an unchanged map
     * costs a revalidation answered 304 Not Modified. Clients that get their maps from peers leave
     * this off.
     */
    public Builder refreshFromServerEvery(Duration interval) {
      if (interval.isNegative() || interval.isZero()) {
        throw new IllegalArgumentException("refresh interval must be positive: " + interval);
      }
      serverRefresh = interval;
      return this;
    }

    public AltoPlugin build() {
      if (trust.isEmpty()) {
        throw new IllegalStateException("trust at least one ALTO service");
      }
      if (serverRefresh != null && !serverFallback) {
        throw new IllegalStateException("refreshFromServerEvery needs the ALTO server; drop noServerFallback()");
      }
      return new AltoPlugin(new Settings(List.copyOf(trust), Map.copyOf(serverLocations), tlsAnchors, serverFallback,
          fallbackDelay, stateDir, endpoint, localAddress, List.copyOf(bootstrap), dht, trackers, randomFraction, connectPerTick,
          steerEvery, localPeerClass, localWithinLimits, costThreshold, List.copyOf(seedBundles), serverRefresh, follow, listener,
          uploadRate));
    }
  }
}
