package org.altoredist.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.altoredist.alto.CostMap;
import org.altoredist.alto.NetworkMap;
import org.altoredist.trust.DeltaBundle;
import org.altoredist.trust.SignedBundle;
import org.altoredist.trust.VerificationException;
import org.altoredist.wire.BundleHash;
import org.altoredist.wire.DeltaClaim;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the store back at start: every bundle is verified again, as a copy from the origin, with
 * the clock of now (so what expired while the node was down is dropped); then they are installed
 * cost maps first and network maps oldest first, so that a network map a held cost map still
 * depends on is kept beside its successor. Whatever is refused leaves the disk; a superseded
 * version stays only as a delta base ({@link MapStore#retire}). Then the stored deltas to the
 * versions now held are held and offered again.
 */
final class StoreLoader {

  private static final Logger log = LoggerFactory.getLogger(StoreLoader.class);

  private final Config config;
  private final EngineLoop loop;
  private final Checker checker;
  private final Installer installer;
  private final Holdings holdings;
  private final Deltas deltas;
  private final Announcer announcer;

  StoreLoader(Config config, EngineLoop loop, Checker checker, Installer installer, Holdings holdings, Deltas deltas,
      Announcer announcer) {
    this.config = config;
    this.loop = loop;
    this.checker = checker;
    this.installer = installer;
    this.holdings = holdings;
    this.deltas = deltas;
    this.announcer = announcer;
  }

  void load(MapStore store) {
    Map<String, String> services = new HashMap<>();
    for (Service s : config.services()) {
      services.put(MapStore.serviceDirectory(s.uri()), s.uri());
    }
    Instant now = loop.clock().instant();
    List<MapStore.Loaded<HeldBundle>> loaded;
    try {
      loaded = store.load(services, (uri, bytes) -> {
        Checker.Outcome o = checker.check(config.service(uri), null, null, bytes, -1, HeldResource.Source.STORE, now);
        if (o instanceof Checker.Accepted a) {
          return a.held();
        }
        log.warn("store: a bundle of {} failed verification: {}", uri, ((Checker.Refused) o).why());
        return null;
      });
    } catch (IOException x) {
      throw new UncheckedIOException("reading the store failed", x);
    }
    List<MapStore.Loaded<HeldBundle>> ordered = new ArrayList<>(loaded);
    ordered.sort(Comparator.comparingInt((MapStore.Loaded<HeldBundle> l) -> installOrder(l.accepted()))
        .thenComparingLong(l -> l.accepted().sequence()));
    for (MapStore.Loaded<HeldBundle> l : ordered) {
      if (!installer.install(l.accepted())) {
        try {
          store.drop(l.file(), "an equal or newer version of " + l.accepted().key() + " is held");
        } catch (IOException x) {
          log.error("store: cannot delete {}", l.file(), x);
        }
      }
    }
    try {
      store.loadDeltas(services, (uri, bytes) -> reheld(uri, bytes));
    } catch (IOException x) {
      throw new UncheckedIOException("reading the store's deltas failed", x);
    }
    log.info("store: {} bundles verified and held, {} deltas to them", holdings.all().size(), deltas.held().size());
  }

  /**
   * Holds a stored delta again if it still leads to a held version: its target is held and carries
   * the delta's signature, and, when the base is held too, the delta rebuilds the target from it.
   * A delta whose base is gone cannot be rebuilt here, but it was checked when it was first held and
   * its file name is its hash; a peer that uses it checks the result anyway.
   */
  private boolean reheld(String service, byte[] bytes) {
    DeltaBundle d;
    try {
      d = DeltaBundle.parse(bytes);
    } catch (VerificationException x) {
      log.warn("store: a delta of {} does not parse: {}", service, x.getMessage());
      return false;
    }
    HeldBundle target = holdings.byHash(BundleHash.of(d.targetHash()));
    if (target == null || !target.key().service().equals(service)) {
      return false;
    }
    try {
      SignedBundle t = SignedBundle.parse(target.bytes());
      HeldBundle base = holdings.byHash(BundleHash.of(d.baseHash()));
      if (!Arrays.equals(d.signature(), t.signature())
          || base != null && !Arrays.equals(d.rebuild(SignedBundle.parse(base.bytes())).encoded(), target.bytes())) {
        log.warn("store: a delta to {} of {} does not rebuild it", target.info(), target.key());
        return false;
      }
    } catch (VerificationException x) {
      log.warn("store: a delta to {} of {} does not rebuild it: {}", target.info(), target.key(), x.getMessage());
      return false;
    }
    BundleHash hash = BundleHash.compute(bytes);
    announcer.offerDelta(new DeltaClaim(Claims.claimOf(target.key(), target.sequence(), bytes.length, hash),
        BundleHash.of(d.baseHash()), target.info().hash()), bytes);
    return deltas.held(hash) != null;
  }

  private static int installOrder(HeldBundle h) {
    Object doc = h.info().resource().document();
    return doc instanceof CostMap ? 0 : doc instanceof NetworkMap ? 1 : 2;
  }
}
