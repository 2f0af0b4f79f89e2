package org.altoredist.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * One engine's parts, made and wired together, and its periodic tick: what
 * {@link RedistributionEngine} drives from the owner's threads. Every method but the constructor
 * and {@link #closeOutside} runs on the {@link EngineLoop}. The map of the parts is in
 * {@code package-info.java}.
 */
final class EngineCore {

  private final Config config;
  private final EngineLoop loop;
  private final PeerTransport transport;
  private final StoreWrites store;
  private final Snapshots snapshots;
  private final Installer installer;
  private final Downloads downloads;
  private final Peers peers;
  private final ServerFetches serverFetches;
  private final Rendezvous rendezvous;
  private final Publisher publisher;
  private boolean closed;

  EngineCore(Config config, EngineLoop loop, PeerTransport transport, BundleCache cache, RandomGenerator random,
      ServerFallback server, Discovery discovery, Discovery privateDiscovery, EngineEvents events,
      Consumer<HeldResource> onInstalled) {
    this.config = config;
    this.loop = loop;
    this.transport = transport;
    MapStore mapStore = null;
    if (config.stateDir() != null) {
      try {
        mapStore = new MapStore(config.stateDir().resolve("bundles"));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot use the state directory " + config.stateDir(), e);
      }
    }
    this.store = new StoreWrites(mapStore);
    Checker checker = new Checker(cache, config.localAddresses());
    Holdings holdings = new Holdings(config.storeBudget(), config.relayBudget());
    Counters counters = new Counters();
    Offers offers = new Offers();
    Deltas deltas = new Deltas();
    Connections connections = new Connections(transport, config.localAddresses(), config.targetPeers(),
        config.maxPeers(), config.ban().toNanos(), random);
    Announcer announcer = new Announcer(loop, connections, holdings, deltas, store, this::isClosed);
    this.snapshots = new Snapshots(config, loop, holdings, counters, connections);
    this.installer = new Installer(config, loop, checker, holdings, counters, announcer, store, cache, this::isClosed,
        snapshots::take, onInstalled, this::wantedChanged);
    this.downloads = new Downloads(config, loop, random, cache, offers, deltas, holdings, counters, installer,
        announcer, events, this::drop, this::isClosed);
    this.peers = new Peers(config, loop, random, connections, announcer, offers, deltas, downloads,
        new Uploads(config, connections, holdings, deltas, counters), counters, events, this::isClosed);
    FallbackSchedule schedule = new FallbackSchedule(config.fallbackDelay(), config.fallbackJitter(),
        config.backoffBase(), config.backoffMax(), random);
    this.serverFetches = new ServerFetches(config, loop, server, schedule, holdings, downloads, installer, counters,
        this::isClosed);
    this.rendezvous = new Rendezvous(config, loop, transport, connections, holdings, discovery, privateDiscovery);
    this.publisher = new Publisher(config, loop, checker, installer);
    if (mapStore != null) {
      new StoreLoader(config, loop, checker, installer, holdings, deltas, announcer).load(mapStore);
    }
  }

  EngineLoop loop() {
    return loop;
  }

  Snapshots snapshots() {
    return snapshots;
  }

  /** Starts talking to peers, the ALTO server and the rendezvous. Called once, from any thread. */
  void start() {
    transport.start(peers);
    loop.execute(() -> {
      rendezvous.joinWanted();
      tick();
    });
  }

  Rendezvous rendezvous() {
    return rendezvous;
  }

  void publish(byte[] bundle, CompletableFuture<HeldResource> done) {
    publisher.publish(bundle, done);
  }

  void refresh() {
    serverFetches.refresh();
  }

  private boolean isClosed() {
    return closed;
  }

  private void drop(Peer p, EngineEvents.DropReason reason, String why) {
    peers.drop(p, reason, why);
  }

  /** A new version may make more wanted: downloads, resource rendezvous, a refresh under way. */
  private void wantedChanged() {
    downloads.reconsiderAll();
    rendezvous.joinWanted();
    serverFetches.installed();
  }

  /** Expiry, downloads, links, server fallback, snapshots; then the next tick. */
  private void tick() {
    if (closed) {
      return;
    }
    long now = loop.nanoTime();
    installer.removeExpired();
    downloads.tick(now);
    peers.tick(now);
    serverFetches.tick(now);
    snapshots.take();
    loop.schedule(config.tick(), this::tick);
  }

  /** Stops on the loop: nothing more is started, fetched or installed, and the rendezvous are left. */
  void close() {
    closed = true;
    rendezvous.close();
  }

  /**
   * After {@link #close}: closes the transport and lets the store's queued writes finish. From
   * the owner's thread, since the writes may take a while.
   */
  void closeOutside() {
    transport.close();
    store.close();
  }
}
