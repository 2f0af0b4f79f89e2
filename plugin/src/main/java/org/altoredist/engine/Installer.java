package org.altoredist.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.altoredist.trust.DeltaBundle;
import org.altoredist.trust.SignedBundle;
import org.altoredist.trust.VerificationException;
import org.altoredist.wire.BundleClaim;
import org.altoredist.wire.BundleHash;
import org.altoredist.wire.DeltaClaim;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifying candidate versions off the loop, and installing and removing versions on it: hold,
 * store, announce (at a version's origin, with the deltas to it), then tell the rest of the engine
 * what is wanted now. Loop-confined but for the checks it offloads.
 */
final class Installer {

  private static final Logger log = LoggerFactory.getLogger(Installer.class);

  private final Config config;
  private final EngineLoop loop;
  private final Checker checker;
  private final Holdings holdings;
  private final Counters counters;
  private final Announcer announcer;
  private final StoreWrites store;
  private final BundleCache cache;
  private final BooleanSupplier closed;
  /** What an install sets off beyond the holdings, in this order. */
  private final Runnable snapshot;
  private final Consumer<HeldResource> onInstalled;
  private final Runnable wantedChanged;

  /**
   * @param snapshot publishes the new state to other threads, before anyone is told
   * @param onInstalled tells the owner
   * @param wantedChanged sees what the new version makes wanted (downloads, rendezvous, a refresh)
   */
  Installer(Config config, EngineLoop loop, Checker checker, Holdings holdings, Counters counters, Announcer announcer,
      StoreWrites store, BundleCache cache, BooleanSupplier closed, Runnable snapshot,
      Consumer<HeldResource> onInstalled, Runnable wantedChanged) {
    this.config = config;
    this.loop = loop;
    this.checker = checker;
    this.holdings = holdings;
    this.counters = counters;
    this.announcer = announcer;
    this.store = store;
    this.cache = cache;
    this.closed = closed;
    this.snapshot = snapshot;
    this.onInstalled = onInstalled;
    this.wantedChanged = wantedChanged;
  }

  /** Checks a bundle off the loop and hands the outcome back on it. */
  void verify(ResourceKey key, BundleClaim claim, byte[] bytes, HeldResource.Source source,
      Consumer<Checker.Outcome> then) {
    offCheck(key, (s, held, now) -> checker.check(s, key, claim, bytes, held, source, now), then);
  }

  /** Rebuilds a delta's target off the loop, checks it, and hands the outcome back on it. */
  void rebuild(ResourceKey key, DeltaClaim d, byte[] deltaBytes, byte[] baseBytes, Consumer<Checker.Outcome> then) {
    offCheck(key, (s, held, now) -> checker.rebuild(s, key, d, deltaBytes, baseBytes, held, now), then);
  }

  /** A check of {@code key}'s candidate version, given its service, the sequence held and the time. */
  private interface Check {
    Checker.Outcome run(Service s, long heldSequence, Instant now);
  }

  private void offCheck(ResourceKey key, Check check, Consumer<Checker.Outcome> then) {
    Service s = config.service(key.service());
    long held = holdings.heldSequence(key);
    Instant now = loop.clock().instant();
    loop.offload(() -> {
      Checker.Outcome o = check.run(s, held, now);
      loop.execute(() -> {
        if (!closed.getAsBoolean()) {
          then.accept(o);
        }
      });
    });
  }

  boolean install(HeldBundle h) {
    return install(h, false);
  }

  /**
   * Installs a verified version: hold, persist, announce, re-rank, and see what is wanted now.
   *
   * @param byDelta whether it was rebuilt from a held version and a delta
   */
  boolean install(HeldBundle h, boolean byDelta) {
    Service s = config.service(h.key().service());
    boolean relay = !s.use() || !Wants.of(s, holdings).contains(h.key());
    HeldBundle previous = holdings.newest(h.key());
    Holdings.Change c = holdings.install(h, relay);
    // At a version's origin the announcement waits for its delta; what it replaced is withdrawn in
    // the same inventory, so that a version change costs one message of the peers' burst, not two.
    boolean origin = c.installed() && previous != null && h.info().source() != HeldResource.Source.PEER
        && h.info().source() != HeldResource.Source.STORE;
    List<Runnable> drops = new ArrayList<>();
    for (HeldBundle r : c.removed()) {
      // Superseded: a newer version of it is held (an old network map may go only when its cost map does).
      HeldBundle newer = holdings.newest(r.key());
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
      holdings.used(Wants.of(s, holdings));
    }
    counters.installed(h.info().source(), byDelta);
    log.info("{}: installed {}", h.key(), h.info());
    store.put(h);
    snapshot.run();
    if (origin) {
      makeDelta(previous, h, drops);
    } else {
      announcer.announce(h);
    }
    onInstalled.accept(h.info());
    wantedChanged.run();
    return true;
  }

  /**
   * At the origin of a version (fetched from the ALTO server, or handed over by the owner), the
   * delta from the version it replaces and from the versions before that kept on disk
   * ({@link StoreWrites#OLDER_BASES}), made off the loop and each offered if it is worth offering:
   * under half the new bundle. The version is announced only then, in the same inventory as its
   * delta: a peer told of the full bundle first would start fetching it whole. Peers that receive a
   * version by delta offer the same delta on; the encoder is deterministic, so origins that make it
   * independently make the same bytes. The versions it replaced are dropped ({@code drops}) in
   * that inventory too: withdrawn at once, they would cost an inventory of their own, and a seeder
   * refreshing a service's three resources would spend more than the 6 of a minute's burst, so that
   * its last new version waited for the rate window (a minute) before any peer heard of it.
   */
  private void makeDelta(HeldBundle base, HeldBundle target, List<Runnable> drops) {
    loop.offload(() -> {
      List<byte[]> bases = new ArrayList<>();
      bases.add(base.bytes());
      bases.addAll(store.olderBases(target.key(), base.info().hash()));
      Map<BundleHash, byte[]> deltas = new LinkedHashMap<>();
      for (byte[] b : bases) {
        try {
          byte[] bytes = DeltaBundle.between(SignedBundle.parse(b), SignedBundle.parse(target.bytes())).encoded();
          if (bytes.length < target.bytes().length / 2) {
            deltas.put(BundleHash.compute(b), bytes);
          }
        } catch (VerificationException | IllegalArgumentException x) {
          log.warn("{}: no delta from {} to {}: {}", target.key(), BundleHash.compute(b), target.info(),
              x.getMessage());
        }
      }
      loop.execute(() -> {
        drops.forEach(Runnable::run);
        if (holdings.byHash(target.info().hash()) != target) {
          return;
        }
        deltas.forEach((from, delta) -> {
          BundleHash hash = BundleHash.compute(delta);
          log.info("{}: offering the delta from {} to #{} ({} bytes of {})", target.key(), from, target.sequence(),
              delta.length, target.bytes().length);
          announcer.offerDelta(new DeltaClaim(Claims.claimOf(target.key(), target.sequence(), delta.length, hash), from,
              target.info().hash()), cache.intern(hash, delta));
        });
        announcer.announce(target);
      });
    });
  }

  /** Drops every version that has expired by now. */
  void removeExpired() {
    holdings.removeExpired(loop.clock().instant()).forEach(h -> removed(h, "expired", false));
  }

  /**
   * Withdraws a version no longer held from peers and the store; a superseded one
   * ({@code keepAsBase}) stays on disk as a base of deltas to later ones.
   */
  private void removed(HeldBundle h, String why, boolean keepAsBase) {
    log.info("{}: dropping {} ({})", h.key(), h.info(), why);
    List<Deltas.HeldDelta> deltas = announcer.withdraw(h);
    store.remove(h, keepAsBase, deltas);
  }
}
