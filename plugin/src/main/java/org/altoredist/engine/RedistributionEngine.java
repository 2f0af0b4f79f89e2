package org.altoredist.engine;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import org.altoredist.alto.CostType;
import org.altoredist.trust.ResourceVerifier;
import org.altoredist.trust.TrustPolicy;
import org.altoredist.wire.InfoHash;
import org.altoredist.wire.WireLimits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ALTO information redistribution for one node: it gets the signed ALTO resources its services
 * publish from peers (or, failing them, from the ALTO server), verifies them, keeps them in its
 * state directory, passes them on, and ranks candidate peers with them.
 *
 * <pre>{@code
 * RedistributionEngine engine = RedistributionEngine.builder()
 *     .use(TrustPolicy.forService("https://alto.isp.example/directory").anchor(ca).build())
 *     .localAddresses(List.of(myAddress))
 *     .stateDir(dir)
 *     .transport(WireTransport.open(bind, WireConfig.defaults()))
 *     .discovery(dht)
 *     .serverFallback(altoClient)
 *     .build();
 * engine.start();
 * engine.join(infoHash);                   // meet this torrent's ar_alto peers
 * engine.ranker().map(r -> r.rank(candidates, random));
 * }</pre>
 *
 * <p>Threads: the engine's state lives on one {@link EngineLoop}; every method here is thread-safe
 * and returns at once, posting its work to the loop. Verification and disk writes run off the loop.
 * {@link #close} stops everything the engine started (its loop if it made it, the transport, the
 * disk thread, after the writes already queued) but not a loop or cache the owner passed in.
 */
public final class RedistributionEngine implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RedistributionEngine.class);

  private final EngineCore core;
  private final EngineLoop loop;
  private final boolean ownsLoop;

  private RedistributionEngine(Builder b) {
    this.ownsLoop = b.loop == null;
    this.loop = ownsLoop ? EngineLoop.threaded("altoredist-engine", b.clock, 2) : b.loop;
    EngineEvents events = new GuardedEvents(b.events);
    Consumer<HeldResource> onInstalled = GuardedEvents.guarded(b.onInstalled);
    this.core = new EngineCore(b.config(), loop, b.transport, b.cache, b.random, b.server, b.discovery,
        b.privateDiscovery, events, h -> {
          onInstalled.accept(h);
          events.mapInstalled(h);
        });
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Starts talking to peers, the ALTO server and the rendezvous. */
  public void start() {
    core.start();
  }

  /** Meets the {@code ar_alto} peers of this torrent: accept its connections and join its rendezvous. */
  public void join(InfoHash torrent) {
    loop.execute(() -> core.rendezvous().join(torrent));
  }

  /**
   * Meets the {@code ar_alto} peers of a private torrent (BEP 27) only where the owner said: accepts
   * its connections and joins its rendezvous through {@link Builder#privateDiscovery} alone, never
   * the public {@link Builder#discovery} (a DHT, trackers), and neither passes on the endpoints of
   * its peers nor dials those its peers name, as BEP 27 clients take no peer exchange.
   */
  public void joinPrivate(InfoHash torrent) {
    loop.execute(() -> core.rendezvous().joinPrivate(torrent));
  }

  /** Leaves a torrent: no new connections for it, no rendezvous; links already open stay. */
  public void leave(InfoHash torrent) {
    loop.execute(() -> core.rendezvous().leave(torrent));
  }

  /**
   * Holds and passes on a signed bundle the owner has (a seeder loading signed files), after
   * verifying it under the configured services as a copy from the origin.
   *
   * @return completes with the held version, or exceptionally with an IllegalArgumentException
   *     saying why no service verified it or why it was not installed
   */
  public CompletableFuture<HeldResource> publish(byte[] bundle) {
    byte[] copy = bundle.clone();
    CompletableFuture<HeldResource> done = new CompletableFuture<>();
    loop.execute(() -> core.publish(copy, done));
    return done;
  }

  /**
   * {@link #publish}es a signed bundle file the owner has (a seeder's map) and logs the outcome: a
   * file that cannot be read or verified is reported and skipped, and the other seeds go on.
   */
  public void seed(Path bundle) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(bundle);
    } catch (IOException e) {
      log.warn("cannot read the signed bundle {}: {}", bundle, e.toString());
      return;
    }
    publish(bytes).whenComplete((held, err) -> {
      if (err != null) {
        log.warn("not seeding {}: {}", bundle, err.getMessage());
      } else {
        log.info("seeding {} as {}", bundle, held);
      }
    });
  }

  /** Asks the ALTO server now for newer versions of everything wanted (what a seeder does periodically). */
  public void refresh() {
    loop.execute(core::refresh);
  }

  /** The ranking by the current maps, once a network map and a cost map over it are held. */
  public Optional<Ranker> ranker() {
    return Optional.ofNullable(core.snapshots().ranker());
  }

  /** The versions held, as of the last loop tick or install. */
  public List<HeldResource> held() {
    return core.snapshots().held();
  }

  /**
   * The addresses of the ALTO peers this node links to or knows an endpoint of, as of the last
   * tick: the peers that run the same steering and so can agree on exceptions to it.
   */
  public Set<InetAddress> peerAddresses() {
    return core.snapshots().peerAddresses();
  }

  public EngineStats stats() {
    return core.snapshots().stats();
  }

  @Override
  public void close() {
    CompletableFuture<Void> done = new CompletableFuture<>();
    loop.execute(() -> {
      core.close();
      done.complete(null);
    });
    if (ownsLoop) {
      done.orTimeout(5, java.util.concurrent.TimeUnit.SECONDS).exceptionally(x -> null).join();
    }
    core.closeOutside();
    if (ownsLoop) {
      loop.close();
    }
  }

  /** Collects an engine's configuration; only the transport and one service are required. */
  public static final class Builder {
    private final List<Service> services = new ArrayList<>();
    private List<InetAddress> localAddresses = List.of();
    private Path stateDir;
    private long storeBudget = 256L * 1024 * 1024;
    private long relayBudget = 64L * 1024 * 1024;
    private int maxBundleSize = WireLimits.DEFAULT_MAX_BUNDLE_SIZE;
    private Duration fallbackDelay = Duration.ofSeconds(30);
    private double fallbackJitter = 0.5;
    private Duration backoffBase = Duration.ofSeconds(2);
    private Duration backoffMax = Duration.ofMinutes(10);
    private Duration requestTimeout = Duration.ofSeconds(15);
    private int maxOutstandingPerPeer = WireLimits.MAX_OUTSTANDING_REQUESTS;
    private int maxConsecutiveTimeouts = 4;
    private int targetPeers = 8;
    private int maxPeers = 32;
    private Duration ban = Duration.ofHours(1);
    private Duration tick = Duration.ofSeconds(1);
    private double randomFraction = 0.1;
    private boolean resourceRendezvous = true;
    private long uploadBytesPerSecond;
    private PeerTransport transport;
    private Discovery discovery = Discovery.none();
    private Discovery privateDiscovery = Discovery.none();
    private ServerFallback server;
    private EngineLoop loop;
    private Clock clock = Clock.systemUTC();
    private RandomGenerator random = new SplittableRandom();
    private BundleCache cache = new BundleCache();
    private Consumer<HeldResource> onInstalled = h -> { };
    private EngineEvents events = new EngineEvents() { };

    private Builder() {}

    /**
     * A service whose maps this node uses: it wants the service's IRD, default network map and
     * cost maps of these cost types (every scalar one when none is given), ranks by the first
     * type it holds, and verifies everything under {@code trust}. The first used service is the
     * one {@link #ranker()} ranks by.
     */
    public Builder use(TrustPolicy trust, CostType... costTypes) {
      services.add(new Service(trust, new ResourceVerifier(trust), true, List.of(costTypes)));
      return this;
    }

    /** A service whose bundles this node holds and passes on within the relay budget, verified under {@code trust}. */
    public Builder relay(TrustPolicy trust) {
      services.add(new Service(trust, new ResourceVerifier(trust), false, List.of()));
      return this;
    }

    /** This node's own addresses: its PID for ranking, and for resources meant for an audience. */
    public Builder localAddresses(List<InetAddress> addresses) {
      this.localAddresses = List.copyOf(addresses);
      return this;
    }

    /** Where verified bundles are kept across restarts; none keeps them in memory only. */
    public Builder stateDir(Path dir) {
      this.stateDir = dir;
      return this;
    }

    /** Bytes of bundles held in all (default 256 MiB), and of those held only to relay (default 64 MiB). */
    public Builder budgets(long store, long relay) {
      if (store < 1 || relay < 0 || relay > store) {
        throw new IllegalArgumentException("budgets: store " + store + ", relay " + relay);
      }
      this.storeBudget = store;
      this.relayBudget = relay;
      return this;
    }

    public Builder maxBundleSize(int bytes) {
      if (bytes < 1 || bytes > WireLimits.MAX_BUNDLE_SIZE) {
        throw new IllegalArgumentException("bundle size outside 1.." + WireLimits.MAX_BUNDLE_SIZE + ": " + bytes);
      }
      this.maxBundleSize = bytes;
      return this;
    }

    public Builder transport(PeerTransport transport) {
      this.transport = Objects.requireNonNull(transport, "transport");
      return this;
    }

    /** Where the endpoints of torrents and resources are found: a DHT, trackers, bootstrap endpoints. */
    public Builder discovery(Discovery discovery) {
      this.discovery = Objects.requireNonNull(discovery, "discovery");
      return this;
    }

    /**
     * Where the endpoints of private torrents ({@link #joinPrivate}) are found (default: nowhere,
     * so a private torrent is met only by endpoints that dial this one): endpoints the owner named,
     * never a DHT or a tracker.
     */
    public Builder privateDiscovery(Discovery discovery) {
      this.privateDiscovery = Objects.requireNonNull(discovery, "discovery");
      return this;
    }

    /**
     * The ALTO server, asked when peers have not delivered a valid version within {@code delay}
     * (default 30 s, stretched by up to {@code jitter} times itself, default 0.5); failures back off
     * exponentially from 2 s to 10 min with full jitter.
     */
    public Builder serverFallback(ServerFallback server, Duration delay, double jitter) {
      if (delay.isNegative() || !(jitter >= 0)) {
        throw new IllegalArgumentException("fallback delay " + delay + ", jitter " + jitter);
      }
      this.server = Objects.requireNonNull(server, "server");
      this.fallbackDelay = delay;
      this.fallbackJitter = jitter;
      return this;
    }

    /**
     * Give up on a request after this long (default 15 s). A peer that lets 4 requests in a row
     * lapse, or one that has never answered any, is dropped.
     */
    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = positive(timeout, "request timeout");
      return this;
    }

    /** Open links the engine dials toward (default 8), and the most it keeps (default 32). */
    public Builder peers(int target, int max) {
      if (target < 0 || max < 1 || target > max) {
        throw new IllegalArgumentException("peers: target " + target + ", max " + max);
      }
      this.targetPeers = target;
      this.maxPeers = max;
      return this;
    }

    /** How often timeouts, held-back announcements and the fallback are looked at (default 1 s). */
    public Builder tick(Duration tick) {
      this.tick = positive(tick, "tick");
      return this;
    }

    /** The share of random choices in a ranking (default 0.1). */
    public Builder randomFraction(double fraction) {
      if (!(fraction >= 0 && fraction <= 1)) {
        throw new IllegalArgumentException("random fraction outside 0..1: " + fraction);
      }
      this.randomFraction = fraction;
      return this;
    }

    /** Whether to join the per-resource rendezvous keys of wanted resources (default yes). */
    public Builder resourceRendezvous(boolean join) {
      this.resourceRendezvous = join;
      return this;
    }

    /** The loop to run on (a simulation's); by default the engine makes and owns a threaded one. */
    public Builder loop(EngineLoop loop) {
      this.loop = Objects.requireNonNull(loop, "loop");
      return this;
    }

    /** The clock of the engine's own loop; a loop passed in brings its own. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Everything random the engine does (jitter, piece order, dial order) draws from this. */
    public Builder random(RandomGenerator random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /** A cache shared with other engines of this JVM; see {@link BundleCache} for what is shared. */
    public Builder cache(BundleCache cache) {
      this.cache = Objects.requireNonNull(cache, "cache");
      return this;
    }

    /**
     * Told, on the engine's loop, each time a version is installed; must return quickly. An
     * exception it throws is logged and goes no further.
     */
    public Builder onInstalled(Consumer<HeldResource> listener) {
      this.onInstalled = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /** Told, on the engine's loop, of maps installed and refused and of peers dropped; see {@link EngineEvents}. */
    public Builder events(EngineEvents listener) {
      this.events = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * This node's upload capacity in bytes per second, when the client knows it (a configured upload
     * limit, or a measured line rate; default 0, unknown). With it, a holder whose queued answers
     * would keep a new requester waiting longer than a few round trips turns that requester away
     * ("busy"), so that it fetches from a holder with room meanwhile: a slow uplink then serves
     * the few requesters it can, instead of holding a queue of them for seconds. Unknown, no one is
     * turned away for backlog.
     */
    public Builder uploadRate(long bytesPerSecond) {
      if (bytesPerSecond < 0) {
        throw new IllegalArgumentException("negative upload rate: " + bytesPerSecond);
      }
      this.uploadBytesPerSecond = bytesPerSecond;
      return this;
    }

    /** Builds the engine and verifies again everything its state directory holds. */
    public RedistributionEngine build() {
      if (transport == null) {
        throw new IllegalStateException("a transport is required");
      }
      if (services.isEmpty()) {
        throw new IllegalStateException("at least one service is required");
      }
      return new RedistributionEngine(this);
    }

    private Config config() {
      return new Config(services, localAddresses, stateDir, storeBudget, relayBudget, maxBundleSize, fallbackDelay,
          fallbackJitter, backoffBase, backoffMax, requestTimeout, maxOutstandingPerPeer, maxConsecutiveTimeouts,
          targetPeers, maxPeers, ban, tick, randomFraction, resourceRendezvous, uploadBytesPerSecond);
    }

    private static Duration positive(Duration d, String what) {
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(what + " must be positive: " + d);
      }
      return d;
    }
  }
}
