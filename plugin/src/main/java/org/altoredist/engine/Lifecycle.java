package org.altoredist.engine;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import org.altoredist.alto.CostMap;
import org.altoredist.alto.CostType;
import org.altoredist.alto.InfoResourceDirectory;
import org.altoredist.alto.NetworkMap;
import org.altoredist.trust.DeltaBundle;
import org.altoredist.trust.SignedBundle;
import org.altoredist.trust.VerificationException;
import org.altoredist.wire.BundleClaim;
import org.altoredist.wire.BundleHash;
import org.altoredist.wire.DeltaClaim;
import org.altoredist.wire.InfoHash;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's dealings with its owner and the world outside the swarm: verification off the loop,
 * installing and removing versions (store, announcements, ranking), the ALTO server fallback, the
 * rendezvous keys, and the snapshots other threads read. Loop-confined, like {@link Engine}.
 */
final class Lifecycle {

  private static final Logger log = LoggerFactory.getLogger(Lifecycle.class);

  private final Engine e;
  private final ServerFallback server;
  private final Discovery discovery;
  private final Discovery privateDiscovery;
  private final Fallback fallback;
  private final MapStore store;
  private final ExecutorService disk;
  /**
   * Superseded versions kept on disk per resource, besides the one just replaced, as bases of deltas
   * to the next: with it, deltas from up to 3 versions back, as the ALTO server serves
   * (alto-http.md §4.10) and {@link Deltas#MAX_HELD_PER_TARGET} holds.
   */
  static final int OLDER_BASES = Deltas.MAX_HELD_PER_TARGET - 1;
  private final Consumer<HeldResource> onInstalled;
  private final Map<RendezvousKey, Discovery.Membership> memberships = new LinkedHashMap<>();
  /** The keys a refresh under way has asked the server for; null when none is. */
  private Set<ResourceKey> refreshed;
  volatile List<HeldResource> held = List.of();
  volatile EngineStats stats = EngineStats.ZERO;
  volatile Ranker ranker;
  volatile Set<InetAddress> peerAddresses = Set.of();
  private NetworkMap rankedNm;
  private CostMap rankedCm;

  Lifecycle(Engine e, ServerFallback server, Discovery discovery, Discovery privateDiscovery, Fallback fallback,
      MapStore store, ExecutorService disk, Consumer<HeldResource> onInstalled) {
    this.e = e;
    this.server = server;
    this.discovery = discovery;
    this.privateDiscovery = privateDiscovery;
    this.fallback = fallback;
    this.store = store;
    this.disk = disk;
    this.onInstalled = onInstalled;
  }

  /** Checks a bundle off the loop and hands the outcome back on it. */
  void verify(ResourceKey key, BundleClaim claim, byte[] bytes, HeldResource.Source source,
      Consumer<Checker.Outcome> then) {
    offCheck(key, (s, held, now) -> e.checker.check(s, key, claim, bytes, held, source, now), then);
  }

  /** Rebuilds a delta's target off the loop, checks it, and hands the outcome back on it. */
  void rebuild(ResourceKey key, DeltaClaim d, byte[] deltaBytes, byte[] baseBytes, Consumer<Checker.Outcome> then) {
    offCheck(key, (s, held, now) -> e.checker.rebuild(s, key, d, deltaBytes, baseBytes, held, now), then);
  }

  /** A check of {@code key}'s candidate version, given its service, the sequence held and the time. */
  private interface Check {
    Checker.Outcome run(Service s, long heldSequence, Instant now);
  }

  private void offCheck(ResourceKey key, Check check, Consumer<Checker.Outcome> then) {
    Service s = e.config.service(key.service());
    long held = e.holdings.heldSequence(key);
    Instant now = e.loop.clock().instant();
    e.loop.offload(() -> {
      Checker.Outcome o = check.run(s, held, now);
      e.loop.execute(() -> {
        if (!e.closed) {
          then.accept(o);
        }
      });
    });
  }

  boolean install(Held h) {
    return install(h, false);
  }

  /**
   * Installs a verified version: hold, persist, announce, re-rank, and see what is wanted now.
   *
   * @param byDelta whether it was rebuilt from a held version and a delta
   */
  boolean install(Held h, boolean byDelta) {
    Service s = e.config.service(h.key().service());
    boolean relay = !s.use() || !Wants.of(s, e.holdings).contains(h.key());
    Held previous = e.holdings.newest(h.key());
    Holdings.Change c = e.holdings.install(h, relay);
    // At a version's origin the announcement waits for its delta; what it replaced is withdrawn in
    // the same inventory, so that a version change costs one message of the peers' burst, not two.
    boolean origin = c.installed() && previous != null && h.info().source() != HeldResource.Source.PEER
        && h.info().source() != HeldResource.Source.STORE;
    List<Runnable> drops = new ArrayList<>();
    for (Held r : c.removed()) {
      // Superseded: a newer version of it is held (an old network map may go only when its cost map does).
      Held newer = e.holdings.newest(r.key());
      boolean superseded = newer != null && newer.sequence() > r.sequence();
      drops.add(() -> removed(r, superseded ? "superseded" : "evicted", superseded));
    }
    if (!origin) {
      drops.forEach(Runnable::run);
    }
    if (!c.installed()) {
      log.debug("{}: not installed (an equal or newer version is held, or it does not fit)", h.info());
      return false;
    }
    if (s.use() && h.key().resourceId() == null) {
      // The IRD decides what is used: maps fetched beside it stop counting as relayed.
      e.holdings.used(Wants.of(s, e.holdings));
    }
    e.stats.installed++;
    if (h.info().source() == HeldResource.Source.PEER) {
      e.stats.installedFromPeers++;
    }
    if (byDelta) {
      e.stats.deltasApplied++;
    }
    log.info("{}: installed {}", h.key(), h.info());
    persist(h);
    snapshot();
    if (origin) {
      makeDelta(previous, h, drops);
    } else {
      e.announce(h);
    }
    onInstalled.accept(h.info());
    e.reconsiderAll();
    joinRendezvous();
    if (refreshed != null) {
      // A refresh under way asks at once for what this version makes wanted (a new IRD's maps).
      askServer(e.loop.nanoTime());
    }
    return true;
  }

  /**
   * At the origin of a version (fetched from the ALTO server, or handed over by the owner), the
   * delta from the version it replaces and from the versions before that kept on disk
   * ({@link #OLDER_BASES}), made off the loop and each offered if it is worth offering: under half
   * the new bundle. The version is announced only then, in the same inventory as its
   * delta: a peer told of the full bundle first would start fetching it whole. Peers that receive a
   * version by delta offer the same delta on; the encoder is deterministic, so origins that make it
   * independently make the same bytes. The versions it replaced are dropped ({@code drops}) in
   * that inventory too: withdrawn at once, they would cost an inventory of their own, and a seeder
   * refreshing a service's three resources would spend more than the 6 of a minute's burst, so that
   * its last new version waited for the rate window (a minute) before any peer heard of it.
   */
  private void makeDelta(Held base, Held target, List<Runnable> drops) {
    e.loop.offload(() -> {
      List<byte[]> bases = new ArrayList<>();
      bases.add(base.bytes());
      bases.addAll(olderBases(target.key(), base.info().hash()));
      Map<BundleHash, byte[]> deltas = new LinkedHashMap<>();
      for (byte[] b : bases) {
        try {
          byte[] bytes = DeltaBundle.between(SignedBundle.parse(b), SignedBundle.parse(target.bytes())).encoded();
          if (bytes.length < target.bytes().length / 2) {
            deltas.put(BundleHash.compute(b), bytes);
          }
        } catch (VerificationException | IllegalArgumentException x) {
          log.warn("{}: no delta from {} to {}: {}", target.key(), BundleHash.compute(b), target.info(), x.getMessage());
        }
      }
      e.loop.execute(() -> {
        drops.forEach(Runnable::run);
        if (e.holdings.byHash(target.info().hash()) != target) {
          return;
        }
        deltas.forEach((from, delta) -> {
          BundleHash hash = BundleHash.compute(delta);
          log.info("{}: offering the delta from {} to #{} ({} bytes of {})", target.key(), from, target.sequence(),
              delta.length, target.bytes().length);
          e.offerDelta(new DeltaClaim(Claims.claimOf(target.key(), target.sequence(), delta.length, hash), from,
              target.info().hash()), e.cache.intern(hash, delta));
        });
        e.announce(target);
      });
    });
  }

  /**
   * The versions of {@code key} held before {@code previous} and kept on disk as bases, newest
   * first, at most {@link #OLDER_BASES}; none without a store. Read on a worker, not on the disk
   * thread: the new version is announced only with its deltas, and waiting behind queued writes
   * (each forced to disk) would hold it back. A base still being retired is missed, and its
   * holders fetch the version whole.
   */
  private List<byte[]> olderBases(ResourceKey key, BundleHash previous) {
    if (store == null) {
      return List.of();
    }
    try {
      return store.bases(key.service(), key.resourceId()).stream()
          .filter(b -> !BundleHash.compute(b).equals(previous)).limit(OLDER_BASES).toList();
    } catch (IOException x) {
      log.warn("{}: the kept bases cannot be read ({}); a delta from the last version only", key, x.getMessage());
      return List.of();
    }
  }

  void removed(Held h, String why) {
    removed(h, why, false);
  }

  /**
   * As above; a superseded version ({@code keepAsBase}) stays on disk as a base of deltas to later
   * ones: the {@link #OLDER_BASES} a delta is made from, and one more, the version just replaced,
   * which is retired while its successor's deltas are made.
   */
  private void removed(Held h, String why, boolean keepAsBase) {
    log.info("{}: dropping {} ({})", h.key(), h.info(), why);
    List<Deltas.HeldDelta> deltas = e.withdraw(h);
    if (store != null) {
      disk.execute(() -> {
        try {
          if (keepAsBase) {
            store.retire(h.key().service(), h.key().resourceId(), h.sequence(), h.info().hash(), OLDER_BASES + 1);
          } else {
            store.remove(h.key().service(), h.info().hash());
          }
          for (Deltas.HeldDelta d : deltas) {
            store.removeDelta(h.key().service(), d.claim().delta().hash());
          }
        } catch (IOException x) {
          log.error("store: removing {} of {} failed", h.info().hash(), h.key(), x);
        }
      });
    }
  }

  /** Keeps a delta to {@code target} on disk beside it, so that a restarted node serves it again. */
  void persistDelta(Held target, DeltaClaim d, byte[] bytes) {
    if (store != null) {
      disk.execute(() -> {
        try {
          store.putDelta(target.key().service(), d.delta().hash(), bytes);
        } catch (IOException x) {
          log.error("store: writing the delta {} to {} of {} failed; it stays in memory only", d.delta().hash(),
              target.info(), target.key(), x);
        }
      });
    }
  }

  private void persist(Held h) {
    if (store != null && h.info().source() != HeldResource.Source.STORE) {
      disk.execute(() -> {
        try {
          store.put(h.key().service(), h.info().hash(), h.bytes());
        } catch (IOException x) {
          log.error("store: writing {} of {} failed; it stays in memory only", h.info().hash(), h.key(), x);
        }
      });
    }
  }

  /** The wanted keys of the used services that hold no version now. */
  Set<ResourceKey> missing() {
    Set<ResourceKey> missing = new LinkedHashSet<>();
    for (Service s : e.config.services()) {
      if (s.use()) {
        for (ResourceKey k : Wants.of(s, e.holdings)) {
          if (e.holdings.newest(k) == null) {
            missing.add(k);
          }
        }
      }
    }
    return missing;
  }

  /** Expiry, server fallback, engine housekeeping, snapshots; then the next tick. */
  void tick() {
    if (e.closed) {
      return;
    }
    long now = e.loop.nanoTime();
    e.holdings.removeExpired(e.loop.clock().instant()).forEach(h -> removed(h, "expired"));
    e.tick(now);
    askServer(now);
    snapshot();
    e.loop.schedule(e.config.tick(), this::tick);
  }

  /** Fetches from the server what is due: missing too long, or asked for by a refresh. */
  private void askServer(long now) {
    if (server == null) {
      return;
    }
    fallback.missing(missing(), now);
    forceRefresh(now);
    for (ResourceKey k : fallback.due(now)) {
      if (e.progressing(k, now)) {
        fallback.postpone(k, now, e.config.requestTimeout().toNanos());
      } else {
        fetch(k);
      }
    }
  }

  /**
   * Asks the server now for everything the used services want, held or not (a seeder's refresh),
   * including what its answers make wanted (the maps a new IRD names). Each key is asked for once
   * per refresh; a failure backs off as usual.
   */
  void refresh() {
    refreshed = new LinkedHashSet<>();
    askServer(e.loop.nanoTime());
  }

  private void forceRefresh(long now) {
    if (refreshed == null) {
      return;
    }
    Set<ResourceKey> todo = new LinkedHashSet<>();
    for (Service s : e.config.services()) {
      if (s.use()) {
        todo.addAll(Wants.of(s, e.holdings));
      }
    }
    todo.removeAll(refreshed);
    if (todo.isEmpty()) {
      // Over once nothing it asked for is still waiting: an answer may yet make more wanted.
      if (refreshed.stream().noneMatch(fallback::waiting)) {
        refreshed = null;
      }
      return;
    }
    refreshed.addAll(todo);
    fallback.dueNow(todo, now);
  }

  private void fetch(ResourceKey k) {
    e.stats.serverRequests++;
    log.info("{}: asking the ALTO server (peers did not deliver a valid version in time)", k);
    CompletionStage<byte[]> f;
    try {
      f = server.fetch(k.service(), k.resourceId(), heldOf(k.service()));
    } catch (RuntimeException x) {
      f = CompletableFuture.failedFuture(x);
    }
    f.whenComplete((bytes, err) -> e.loop.execute(() -> fetched(k, bytes, err)));
  }

  /** The newest held bundle of each resource of {@code service}, by resource ID: the server's delta bases. */
  private Map<String, byte[]> heldOf(String service) {
    Map<String, byte[]> out = new HashMap<>();
    for (Held h : e.holdings.newest()) {
      if (h.key().service().equals(service) && h.key().resourceId() != null) {
        out.put(h.key().resourceId(), h.bytes());
      }
    }
    return out;
  }

  private void fetched(ResourceKey k, byte[] bytes, Throwable err) {
    if (e.closed) {
      return;
    }
    long now = e.loop.nanoTime();
    if (err != null || bytes == null || bytes.length > e.config.maxBundleSize()) {
      serverFailed(k, err != null ? err.toString() : bytes == null ? "no bytes" : bytes.length + " bytes", now);
      return;
    }
    verify(k, null, bytes, HeldResource.Source.SERVER, o -> {
      if (o instanceof Checker.Accepted a) {
        install(a.held());
        fallback.done(k);
      } else if (((Checker.Refused) o).reason() == org.altoredist.trust.VerificationException.Reason.STALE_SEQUENCE) {
        log.info("{}: the ALTO server has nothing newer than the held version", k);
        fallback.done(k);
      } else {
        serverFailed(k, ((Checker.Refused) o).why(), e.loop.nanoTime());
      }
    });
  }

  private void serverFailed(ResourceKey k, String why, long now) {
    e.stats.serverFailures++;
    fallback.failed(k, now);
    log.warn("{}: the ALTO server fetch failed ({} in a row): {}", k, fallback.failures(k), why);
  }

  /** Accepts connections for, and joins the rendezvous of, a torrent. */
  void join(InfoHash torrent) {
    e.transport.accept(torrent);
    join(RendezvousKey.forTorrent(torrent), torrent, discovery);
  }

  /** Accepts connections for a private torrent, and meets its peers through the private discovery only. */
  void joinPrivate(InfoHash torrent) {
    e.connections.keepPrivate(torrent);
    e.transport.accept(torrent);
    join(RendezvousKey.forTorrent(torrent), torrent, privateDiscovery);
  }

  /** Stops accepting connections for a torrent and leaves its rendezvous; its open links stay. */
  void leave(InfoHash torrent) {
    e.transport.refuse(torrent);
    e.connections.forgetPrivate(torrent);
    Discovery.Membership m = memberships.remove(RendezvousKey.forTorrent(torrent));
    if (m != null) {
      m.close();
    }
  }

  /** Joins the resource keys of everything wanted, so holders in any swarm can be found. */
  void joinRendezvous() {
    if (!e.config.resourceRendezvous()) {
      return;
    }
    for (Service s : e.config.services()) {
      for (ResourceKey k : Wants.of(s, e.holdings)) {
        RendezvousKey key = RendezvousKey.forResource(k.service(), k.resourceId());
        if (!memberships.containsKey(key)) {
          e.transport.accept(key.asInfoHash());
          join(key, key.asInfoHash(), discovery);
        }
      }
    }
  }

  private void join(RendezvousKey key, InfoHash dialAs, Discovery through) {
    if (!memberships.containsKey(key)) {
      memberships.put(key, through.join(key, e.transport.localAddress(),
          found -> e.loop.execute(() -> e.learned(dialAs, found))));
    }
  }

  void close() {
    memberships.values().forEach(Discovery.Membership::close);
  }

  /** Publishes what other threads read: the held versions, the counters, the ranking. */
  void snapshot() {
    List<HeldResource> now = new ArrayList<>();
    for (Held h : e.holdings.all()) {
      now.add(h.info());
    }
    held = List.copyOf(now);
    stats = e.stats.snapshot(e.connections.peers().size());
    peerAddresses = e.connections.knownAddresses(e.loop.nanoTime());
    ranker = buildRanker();
  }

  /**
   * The ranking for the first used service: its default network map (the newest version that a
   * held cost map of a wanted cost type depends on) with that cost map, from this node's address.
   */
  private Ranker buildRanker() {
    Service s = e.config.services().stream().filter(Service::use).findFirst().orElse(null);
    if (s == null || e.config.localAddresses().isEmpty()) {
      return null;
    }
    Held root = e.holdings.newest(ResourceKey.rootDirectory(s.uri()));
    String nmId = root != null && root.info().resource().document() instanceof InfoResourceDirectory ird
        ? ird.defaultNetworkMap() : null;
    NetworkMap bestNm = null;
    CostMap bestCm = null;
    for (Held nmHeld : e.holdings.all()) {
      if (!nmHeld.key().service().equals(s.uri()) || !(nmHeld.info().resource().document() instanceof NetworkMap nm)
          || nmId != null && !nmId.equals(nmHeld.key().resourceId())) {
        continue;
      }
      CostMap cm = costMapFor(s, nm);
      if (cm != null && (bestNm == null || nmHeld.sequence() > sequenceOf(bestNm))) {
        bestNm = nm;
        bestCm = cm;
      }
    }
    if (bestNm == null) {
      return null;
    }
    if (bestNm == rankedNm && bestCm == rankedCm) {
      return ranker;
    }
    NetworkMap nm = bestNm;
    InetAddress self = e.config.localAddresses().stream().filter(a -> nm.pidOf(a) != null).findFirst()
        .orElse(e.config.localAddresses().get(0));
    rankedNm = bestNm;
    rankedCm = bestCm;
    return Ranker.of(bestNm, bestCm, self, e.config.randomFraction());
  }

  private long sequenceOf(NetworkMap nm) {
    for (Held h : e.holdings.all()) {
      if (h.info().resource().document() == nm) {
        return h.sequence();
      }
    }
    return -1;
  }

  /** A held cost map over {@code nm}, of the first wanted cost type that has one. */
  private CostMap costMapFor(Service s, NetworkMap nm) {
    CostMap any = null;
    for (Held h : e.holdings.all()) {
      if (h.key().service().equals(s.uri()) && h.info().resource().document() instanceof CostMap cm
          && cm.dependentVtag().equals(nm.vtag())) {
        List<CostType> prefs = s.costTypes();
        if (prefs.isEmpty() || prefs.get(0).equals(cm.costType())) {
          return cm;
        }
        if (prefs.contains(cm.costType()) && any == null) {
          any = cm;
        }
      }
    }
    return any;
  }
}
