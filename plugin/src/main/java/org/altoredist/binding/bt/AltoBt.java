package org.altoredist.binding.bt;

import bt.module.ProtocolModule;
import bt.module.ServiceModule;
import bt.net.IConnectionSource;
import bt.net.IPeerConnectionPool;
import bt.runtime.BtRuntime;
import bt.runtime.Config;
import bt.torrent.TorrentRegistry;
import com.google.inject.Module;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import org.altoredist.engine.Discovery;
import org.altoredist.engine.EngineEvents;
import org.altoredist.engine.EngineStats;
import org.altoredist.engine.HeldResource;
import org.altoredist.engine.Ranker;
import org.altoredist.engine.RedistributionEngine;
import org.altoredist.engine.ServerFallback;
import org.altoredist.http.AltoClient;
import org.altoredist.trust.TrustPolicy;
import org.altoredist.wire.ExtensionHandshake;
import org.altoredist.wire.WireConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ALTO information redistribution for a Bt client, carried in-wire: {@code ar_alto} is registered
 * as an extended message on Bt's own peer connections and listed in the same BEP 10 handshake as
 * {@code ut_metadata} and {@code ut_pex}. Signed maps are fetched from peers (or, failing them,
 * from the ALTO server), verified, stored and passed on by the same engine as the libtorrent4j
 * binding's, and steer Bt's connections as far as Bt allows ({@link BtSteering} says how far).
 *
 * <pre>{@code
 * AltoBt alto = AltoBt.builder().trust(policy).stateDir(Path.of("alto-state")).build();
 * BtRuntime runtime = BtRuntime.builder(config).module(alto.module()).autoLoadModules().build();
 * alto.attach(runtime);                          // follows the runtime's torrents from now on
 * Bt.client(runtime).torrent(url).storage(storage).build().startAsync();
 * }</pre>
 *
 * <p>Peers meet as Bt meets any peer. Endpoint peers (the libtorrent4j binding) find this node
 * under the torrent's rendezvous key at the torrent's trackers, where it announces its Bt port,
 * and dial it with the torrent's info-hash; it dials them the same way (bep_ar_alto.md, "Finding
 * peers"). Bt's DHT announces only the torrents Bt itself runs, so the rendezvous key is not put
 * in the DHT.
 *
 * <p>What Bt 1.10 does that a user of this binding should know (none of it depends on ar_alto):
 *
 * <ul>
 *   <li>It negotiates MSE on every connection it dials unless {@code Config.setMseDisabled(true)};
 *       endpoint peers speak plaintext, so with MSE on they reach this client but it cannot reach them.
 *   <li>Its HTTP tracker client announces from the host's default source address, not from
 *       {@code Config}'s acceptor address, so on a host with several addresses trackers list it
 *       where it does not listen. (This binding's rendezvous-key announces leave from the acceptor
 *       address.)
 *   <li>It takes an extension a peer lists with id 0 for supported: toward a peer that lists
 *       {@code ut_pex} with id 0 (rtorrent with PEX off) its PEX agent fails halfway through a
 *       message and the stream desyncs. {@code ar_alto} is sent only under the non-zero id of a
 *       peer's latest handshake.
 *   <li>Its extension handshake carries only its factory's keys, so no {@code ar_alto_reqq}: peers
 *       keep at most 64 requests outstanding toward this client (the default), which accepts 128.
 * </ul>
 */
public final class AltoBt implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(AltoBt.class);
  /** Threads announcing to trackers; a dead tracker blocks one for 45 s. */
  private static final int TRACKER_THREADS = 4;
  /** How often the runtime's torrent list and closed connections are looked at. */
  private static final Duration FOLLOW_EVERY = Duration.ofSeconds(1);
  /** How long a served IRD is reused when the server is asked for several maps in a row. */
  private static final Duration SERVER_REUSE = Duration.ofSeconds(10);

  private final Builder settings;
  private final ScheduledExecutorService scheduler;
  private final ExecutorService announcers;
  private final ExecutorService fetches;
  private final InWireTransport transport;
  private final BtSteering steering;
  private volatile boolean installed;
  private volatile RedistributionEngine engine;
  private volatile Following following;

  private AltoBt(Builder b) {
    this.settings = b;
    this.scheduler = Executors.newScheduledThreadPool(1, daemon("altoredist-bt"));
    this.announcers = Executors.newFixedThreadPool(TRACKER_THREADS, daemon("altoredist-bt-tracker"));
    this.fetches = Executors.newCachedThreadPool(daemon("altoredist-bt-fetch"));
    this.transport = new InWireTransport(WireConfig.defaults(), scheduler);
    this.steering = new BtSteering(this::ranker, b.events);
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * The Guice module that registers {@code ar_alto} with Bt: the extended message and its codec,
   * the messaging agent, and the steering's peer source. Install it in the
   * {@code BtRuntimeBuilder} before {@code build()}; Bt then lists {@code ar_alto} in every
   * extension handshake of that runtime.
   */
  public Module module() {
    return binder -> {
      installed = true;
      ProtocolModule.extend(binder).addExtendedMessageHandler(ExtensionHandshake.EXTENSION_NAME, new ArAltoHandler());
      ServiceModule.extend(binder).addMessagingAgent(new ArAltoAgent(transport));
      ServiceModule.extend(binder).addPeerSourceFactory(steering);
    };
  }

  /**
   * Starts the engine on the runtime's connections, seeds the configured bundles, and follows
   * every torrent the runtime has now or gets later. One runtime per instance.
   *
   * @throws IllegalStateException if already attached, or the runtime was built without {@link #module()}
   */
  public synchronized void attach(BtRuntime runtime) {
    if (engine != null) {
      throw new IllegalStateException("already attached");
    }
    if (!installed) {
      throw new IllegalStateException("the runtime was built without this instance's module(): "
          + "BtRuntime.builder(config).module(alto.module())");
    }
    Config c = runtime.getConfig();
    InetSocketAddress local = new InetSocketAddress(c.getAcceptorAddress(), c.getAcceptorPort());
    transport.bind(runtime.service(IConnectionSource.class), runtime.service(IPeerConnectionPool.class), local);
    Following f = new Following(runtime.service(TorrentRegistry.class), runtime.getEventSource(), transport, steering);
    RedistributionEngine.Builder eb = RedistributionEngine.builder()
        .localAddresses(List.of(local.getAddress()))
        .transport(transport)
        .discovery(discovery(f))
        .privateDiscovery(settings.bootstrap.isEmpty() ? Discovery.none() : Discovery.fixed(settings.bootstrap))
        .randomFraction(settings.randomFraction)
        .uploadRate(settings.uploadRate)
        .events(settings.events)
        // Bt accepts connections for its torrents' info-hashes only, so no resource key can be served.
        .resourceRendezvous(false);
    settings.trust.forEach(t -> eb.use(t));
    if (settings.stateDir != null) {
      eb.stateDir(settings.stateDir);
    }
    if (settings.serverFallback) {
      eb.serverFallback(serverFallback(), settings.fallbackDelay, 0.5);
    }
    RedistributionEngine e = eb.build();
    f.engine = e;
    engine = e;
    following = f;
    e.start();
    settings.seeds.forEach(e::seed);
    if (settings.serverRefresh != null) {
      long every = settings.serverRefresh.toMillis();
      scheduler.scheduleWithFixedDelay(e::refresh, every, every, java.util.concurrent.TimeUnit.MILLISECONDS);
    }
    scheduler.scheduleWithFixedDelay(f::tick, 0, FOLLOW_EVERY.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    log.info("ALTO redistribution attached to Bt at {} (ar_alto in-wire)", local);
  }

  /** The signed maps held, and where each came from (peer, server, store). */
  public List<HeldResource> held() {
    RedistributionEngine e = engine;
    return e == null ? List.of() : e.held();
  }

  /** The ranking by the current maps, once a network map and a cost map over it are held. */
  public Optional<Ranker> ranker() {
    RedistributionEngine e = engine;
    return e == null ? Optional.empty() : e.ranker();
  }

  /** The engine's counters, or null before {@link #attach}. */
  public EngineStats stats() {
    RedistributionEngine e = engine;
    return e == null ? null : e.stats();
  }

  /**
   * Holds and passes on a signed bundle this client has (a seed operator's newly signed map),
   * after verifying it as a copy from the origin.
   *
   * @return completes with the held version, or exceptionally saying why it was not installed
   * @throws IllegalStateException before {@link #attach}
   */
  public CompletableFuture<HeldResource> publish(byte[] bundle) {
    RedistributionEngine e = engine;
    if (e == null) {
      throw new IllegalStateException("attach to a runtime first");
    }
    return e.publish(bundle);
  }

  /** Asks the ALTO server now for newer versions of every map (what a seeder does to start serving). */
  public void refreshFromServer() {
    RedistributionEngine e = engine;
    if (e != null) {
      e.refresh();
    }
  }

  /** Stops the engine and every thread it started; Bt's runtime and its connections go on. */
  @Override
  public synchronized void close() {
    scheduler.shutdownNow();
    RedistributionEngine e = engine;
    if (e != null) {
      e.close();
    }
    announcers.shutdownNow();
    fetches.shutdownNow();
    log.info("ALTO redistribution detached from Bt");
  }

  private Discovery discovery(Following f) {
    List<Discovery> sources = new ArrayList<>();
    if (settings.trackers) {
      sources.add(org.altoredist.binding.TrackerRendezvous.over(f::trackersOf, scheduler, announcers));
    }
    if (!settings.bootstrap.isEmpty()) {
      sources.add(Discovery.fixed(settings.bootstrap));
    }
    return Discovery.all(sources);
  }

  private ServerFallback serverFallback() {
    Map<String, AltoClient> clients = new HashMap<>();
    for (TrustPolicy t : settings.trust) {
      AltoClient.Builder cb = AltoClient.builder(t).reuse(SERVER_REUSE);
      URI location = settings.serverLocations.get(t.service());
      if (location != null) {
        cb.directoryLocation(location);
      }
      clients.put(t.service(), cb.build());
    }
    return ServerFallback.http(clients, fetches);
  }

  private static ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  /** Collects the settings; only a trust policy is required. */
  public static final class Builder {
    private final List<TrustPolicy> trust = new ArrayList<>();
    private final Map<String, URI> serverLocations = new LinkedHashMap<>();
    private boolean serverFallback = true;
    private Duration fallbackDelay = Duration.ofSeconds(30);
    private Path stateDir;
    private final List<InetSocketAddress> bootstrap = new ArrayList<>();
    private boolean trackers = true;
    private double randomFraction = 0.1;
    private long uploadRate;
    private final List<Path> seeds = new ArrayList<>();
    private Duration serverRefresh;
    private EngineEvents events = new EngineEvents() { };

    private Builder() {}

    /**
     * Told of maps installed and refused and of peers dropped, as it happens; see {@link EngineEvents}.
     * An {@link org.altoredist.binding.AltoListener} is told of steering changes too: a new network
     * map version ordering the peers offered to Bt ({@code MAP_APPLIED}; {@link BtSteering} says why
     * there is nothing else).
     */
    public Builder listener(EngineEvents listener) {
      events = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /** A service whose maps this client uses, and the trust in its signatures (anchors or pins). */
    public Builder trust(TrustPolicy policy) {
      trust.add(Objects.requireNonNull(policy, "policy"));
      return this;
    }

    /** Where the service's IRD is fetched when no peer delivers (default: the service URI itself). */
    public Builder serverLocation(String service, URI directory) {
      serverLocations.put(service, directory);
      return this;
    }

    /** Never asks the ALTO server: maps come from peers and the state directory only. */
    public Builder noServerFallback() {
      serverFallback = false;
      return this;
    }

    /** How long to wait for peers before asking the ALTO server (default 30 s, plus up to half again as jitter). */
    public Builder fallbackDelay(Duration d) {
      fallbackDelay = Objects.requireNonNull(d, "delay");
      return this;
    }

    /** Where verified maps are kept across restarts; none keeps them in memory only. */
    public Builder stateDir(Path dir) {
      stateDir = dir;
      return this;
    }

    /** An ar_alto peer known in advance (either transport), dialled with each followed torrent's info-hash. */
    public Builder bootstrap(InetSocketAddress peer) {
      bootstrap.add(Objects.requireNonNull(peer, "peer"));
      return this;
    }

    /** Whether to announce the torrent rendezvous key to the torrents' trackers (default yes). */
    public Builder trackers(boolean use) {
      trackers = use;
      return this;
    }

    /** The share of random picks in the steering's ranking (default 0.1, RFC 5632's trial value). */
    public Builder randomFraction(double f) {
      if (!(f >= 0 && f <= 1)) {
        throw new IllegalArgumentException("random fraction outside 0..1: " + f);
      }
      randomFraction = f;
      return this;
    }

    /**
     * This host's upload capacity in bytes per second, for the ALTO maps it serves (default 0:
     * unknown; Bt has no session-wide upload limit to read it from). With a rate, a peer whose
     * queued answers would keep a new requester waiting turns it away ("busy") to a holder with
     * room, as {@link org.altoredist.binding.AltoPlugin.Builder#uploadRate} does for libtorrent.
     */
    public Builder uploadRate(long bytesPerSecond) {
      if (bytesPerSecond < 0) {
        throw new IllegalArgumentException("negative upload rate: " + bytesPerSecond);
      }
      uploadRate = bytesPerSecond;
      return this;
    }

    /** A signed bundle to hold and pass on from the start (a seeder's maps). */
    public Builder seed(Path bundle) {
      seeds.add(Objects.requireNonNull(bundle, "bundle"));
      return this;
    }

    /**
     * Asks the ALTO server for newer versions this often, whatever peers offer: what a seeder does
     * to bring each new version into the swarm (revalidations of an unchanged map cost the server a
     * 304 answer).
     */
    public Builder refreshFromServerEvery(Duration interval) {
      if (interval.isNegative() || interval.isZero()) {
        throw new IllegalArgumentException("refresh interval must be positive: " + interval);
      }
      serverRefresh = interval;
      return this;
    }

    public AltoBt build() {
      if (trust.isEmpty()) {
        throw new IllegalStateException("at least one trust policy is required");
      }
      return new AltoBt(this);
    }
  }
}
