package org.altoredist.engine;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.random.RandomGenerator;
import org.altoredist.wire.ArAltoMessage;
import org.altoredist.wire.BundleClaim;
import org.altoredist.wire.BundleHash;
import org.altoredist.wire.DeltaClaim;
import org.altoredist.wire.Pieces;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What to fetch from whom: one {@link Download} per wanted resource, started or steered toward the
 * best offer (a delta when a held version is its base), fed with pieces, and handed to the
 * {@link Installer} when complete; a refused one goes to {@link Refusals}. Loop-confined.
 */
final class Downloads {

  private static final Logger log = LoggerFactory.getLogger(Downloads.class);

  private final Config config;
  private final EngineLoop loop;
  private final RandomGenerator random;
  private final BundleCache cache;
  private final Offers offers;
  private final Deltas deltas;
  private final Holdings holdings;
  private final Counters counters;
  private final Installer installer;
  private final Announcer announcer;
  private final Refusals refusals;
  private final DeltaSwitch switches = new DeltaSwitch();
  private final BooleanSupplier closed;
  private final Map<ResourceKey, Download> downloads = new LinkedHashMap<>();
  private final Map<BundleHash, Download> byHash = new HashMap<>();
  /** Keys whose completed download is being verified, with it: nothing else of them starts meanwhile. */
  private final Map<ResourceKey, Download> verifying = new HashMap<>();
  /** A speculative download was held back by the relay budget: look at the offers again next tick. */
  private boolean deferred;

  Downloads(Config config, EngineLoop loop, RandomGenerator random, BundleCache cache, Offers offers, Deltas deltas,
      Holdings holdings, Counters counters, Installer installer, Announcer announcer, EngineEvents events,
      Refusals.Dropper dropper, BooleanSupplier closed) {
    this.config = config;
    this.loop = loop;
    this.random = random;
    this.cache = cache;
    this.offers = offers;
    this.deltas = deltas;
    this.holdings = holdings;
    this.counters = counters;
    this.installer = installer;
    this.announcer = announcer;
    this.refusals = new Refusals(this, counters, events, dropper);
    this.closed = closed;
  }

  /**
   * Starts or steers the download of {@code key} toward the best offer, if the node wants it. The
   * caller pumps afterwards ({@link #pumpAll}).
   */
  void consider(ResourceKey key) {
    Service s = config.service(key.service());
    if (closed.getAsBoolean() || s == null || verifying.containsKey(key) || !wanted(s, key)) {
      return;
    }
    Download dl = downloads.get(key);
    if (dl != null && orphaned(dl)) {
      // Nobody left to ask (a peer that claimed a version no one else has was dropped): without
      // this, the download would hold the key and no other offer of it would ever be taken.
      log.info("{}: abandoning sequence {}: no connected peer can serve it", key, dl.claim.sequence());
      remove(dl);
      dl = null;
    }
    if (dl != null && dl.delta != null && switches.parked(key) && stalled(dl, loop.nanoTime())) {
      switches.giveUp(dl);
      remove(dl);
      dl = null;
    }
    if (dl == null) {
      dl = resume(key);
    }
    boolean speculative = speculative(key, new HashMap<>());
    long maxSize = speculative ? Math.min(config.maxBundleSize(), config.relayBudget()) : config.maxBundleSize();
    BundleClaim best = offers.best(key, holdings.heldSequence(key), refusals.bad(), maxSize);
    if (dl == null && startDelta(key, best, maxSize, speculative)) {
      return;
    }
    if (dl != null && switchToDelta(dl, maxSize)) {
      return;
    }
    if (best == null) {
      return;
    }
    long now = loop.nanoTime();
    BundleClaim older = dl == null ? null
        : StepDown.older(dl, offers, holdings.heldSequence(key), refusals, maxSize,
            config.requestTimeout().toNanos(), now);
    if (older != null && fits(key, older, speculative)) {
      log.info("{}: sequence {} has delivered nothing yet; fetching {} meanwhile", key, dl.claim.sequence(),
          older.sequence());
      remove(dl);
      start(key, older, null);
      return;
    }
    if (dl != null && best.sequence() > dl.claim.sequence()) {
      if (!stalled(dl, now)) {
        // A claim is cheap and the version underway is real: finish it first (the newer one is
        // taken when it is installed, or when it stalls). Otherwise every peer that claims a
        // version nobody has, met one after another, would cost a whole request timeout.
        return;
      }
      log.info("{}: abandoning sequence {} for the newer {}", key, dl.claim.sequence(), best.sequence());
      remove(dl);
      dl = null;
    }
    if (dl == null && fits(key, best, speculative)) {
      start(key, best, null);
    }
  }

  /**
   * A fetch the node may not need: a relayed service's, or one beside a used service's IRD before
   * the IRD says what is wanted. A claim costs its sender nothing, and a download buffers its whole
   * claimed size once a piece is in, so such fetches together stay within the relay budget
   * (bep_ar_alto.md: "within a bounded budget"); what that leaves out waits for one to end.
   */
  private boolean speculative(ResourceKey key, Map<String, Set<ResourceKey>> wants) {
    Service s = config.service(key.service());
    return !(s.use() && wants.computeIfAbsent(key.service(), u -> Wants.of(s, holdings)).contains(key));
  }

  /** Whether {@code claim} may be fetched for {@code key} now, in place of any download of {@code key}. */
  private boolean fits(ResourceKey key, BundleClaim claim, boolean speculative) {
    if (!speculative) {
      return true;
    }
    // Each service's wants once, not once per download: the IRD is read through for them.
    Map<String, Set<ResourceKey>> wants = new HashMap<>();
    long committed = claim.size();
    for (Download dl : downloads.values()) {
      committed += dl.key.equals(key) || !speculative(dl.key, wants) ? 0 : dl.claim.size();
    }
    for (Download dl : verifying.values()) {
      committed += speculative(dl.key, wants) ? dl.claim.size() : 0;
    }
    if (committed > config.relayBudget()) {
      deferred = true;
      return false;
    }
    return true;
  }

  /**
   * Fetches a delta instead of {@code best} (which may be null) when the node holds a version of
   * {@code key} that a delta offered starts from, and that delta leads at least as far: a holder of
   * the base moves a few percent of the bytes (bep_ar_alto.md, "Deltas").
   */
  private boolean startDelta(ResourceKey key, BundleClaim best, long maxSize, boolean speculative) {
    DeltaClaim d = bestDelta(key, maxSize);
    if (d == null || best != null && best.sequence() > d.delta().sequence()) {
      return false;
    }
    if (!fits(key, d.delta(), speculative)) {
      return true;
    }
    start(key, d.delta(), null, d);
    return true;
  }

  /** The delta offered from the newest held version of {@code key}, if any ({@link Deltas#best}). */
  private DeltaClaim bestDelta(ResourceKey key, long maxSize) {
    HeldBundle base = holdings.newest(key);
    return base == null ? null : deltas.best(key, base.info().hash(), base.sequence(), refusals.bad(), maxSize);
  }

  /** Parks the full download {@code dl} and fetches a delta instead, when one pays ({@link DeltaSwitch}). */
  private boolean switchToDelta(Download dl, long maxSize) {
    if (dl.delta != null) {
      return false;
    }
    DeltaClaim d = bestDelta(dl.key, maxSize);
    if (!switches.worth(dl, d)) {
      return false;
    }
    remove(dl);
    switches.park(dl, d);
    start(dl.key, d.delta(), null, d);
    return true;
  }

  /**
   * Goes on with the full download of {@code key} parked for a delta that is gone (failed, or its
   * holders left), from the pieces it had; null when there is none or nobody left to ask.
   */
  private Download resume(ResourceKey key) {
    Download full = switches.take(key, holdings.heldSequence(key));
    if (full == null || orphaned(full)) {
      return null;
    }
    long now = loop.nanoTime();
    log.info("{}: going on with the full download of sequence {}, {} bytes missing", key, full.claim.sequence(),
        full.missingBytes());
    // Pieces answered while it was parked were dropped as late: every piece it was waiting for is
    // handed out again (a peer that still owes one is not asked for it twice).
    full.expire(0, now);
    full.lastProgress = now;
    downloads.put(key, full);
    byHash.put(full.claim.hash(), full);
    return full;
  }

  /** Whether {@code dl} has had no piece (nor its start) within the request timeout. */
  private boolean stalled(Download dl, long now) {
    return now - dl.lastProgress >= config.requestTimeout().toNanos();
  }

  /** Whether no open link can serve {@code dl} any more: its claimants left, or the one it must ask did. */
  private boolean orphaned(Download dl) {
    List<Peer> holders = claimants(dl);
    return dl.onlyFrom == null ? holders.isEmpty() : !holders.contains(dl.onlyFrom);
  }

  /**
   * A used service's wanted resources, and, until its IRD is held, everything peers claim for it
   * (fetched beside the IRD instead of after it, within the relay budget; what the IRD then does
   * not name is held as relayed); any claimed resource of a relayed service.
   */
  private boolean wanted(Service s, ResourceKey key) {
    return !s.use() || Wants.of(s, holdings).contains(key) || !Wants.holdsDirectory(s, holdings);
  }

  /** Who claims what {@code dl} fetches: the bundle's claimants, or the delta's. */
  List<Peer> claimants(Download dl) {
    return dl.delta == null ? offers.holders(dl.claim) : deltas.holders(dl.claim.hash());
  }

  private Download start(ResourceKey key, BundleClaim claim, Peer onlyFrom) {
    return start(key, claim, onlyFrom, null);
  }

  Download start(ResourceKey key, BundleClaim claim, Peer onlyFrom, DeltaClaim delta) {
    Download dl = new Download(key, claim, onlyFrom, delta, cache.bytes(claim.hash()),
        random.nextInt(Pieces.count(claim.size())), loop.nanoTime());
    downloads.put(key, dl);
    byHash.put(claim.hash(), dl);
    return dl;
  }

  private void remove(Download dl) {
    downloads.remove(dl.key, dl);
    byHash.remove(dl.claim.hash(), dl);
  }

  private void pump(Download dl) {
    dl.pump(claimants(dl), config.maxOutstandingPerPeer(), loop.nanoTime());
  }

  /**
   * Hands out requests for every download, smallest bundle first: a peer's request queue is shared
   * by all of them, and an IRD or cost map of a few pieces should not wait behind a network map.
   */
  void pumpAll() {
    List<Download> all = new ArrayList<>(downloads.values());
    all.sort(Comparator.comparingInt(d -> d.claim.size()));
    for (Download dl : all) {
      if (downloads.get(dl.key) == dl) {
        pump(dl);
      }
    }
  }

  /** A piece {@code p} sent, which answered one of its requests; then the requests go out again. */
  void piece(Peer p, ArAltoMessage.Data d, long now) {
    Download dl = byHash.get(d.hash());
    if (dl == null || dl.onlyFrom != null && dl.onlyFrom != p) {
      counters.latePiece();
      return;
    }
    if (d.totalSize() != dl.claim.size()) {
      // Not what this download asked for (another peer's claim of the handle had another size).
      counters.latePiece();
      return;
    }
    if (!dl.accept(p, d.piece(), d.payload(), cache.bytes(d.hash()), now)) {
      counters.duplicatePiece();
    }
    if (dl.complete()) {
      finish(dl);
    }
    pumpAll();
  }

  /** {@code p} will not send a piece it was asked for: someone else is asked. */
  void rejected(Peer p, BundleHash hash, int piece) {
    Download dl = byHash.get(hash);
    if (dl != null) {
      dl.release(p, piece);
    }
  }

  /** Every request waiting on {@code p}, which left, is asked elsewhere. */
  void releaseAll(Peer p) {
    for (Download dl : downloads.values()) {
      dl.releaseAll(p);
    }
  }

  private void finish(Download dl) {
    remove(dl);
    verifying.put(dl.key, dl);
    if (dl.delta == null) {
      installer.verify(dl.key, dl.claim, dl.bytes(), HeldResource.Source.PEER, o -> verified(dl, o));
      return;
    }
    HeldBundle base = holdings.byHash(dl.delta.base());
    if (base == null) {
      // The base was superseded or expired while the delta came: it no longer leads anywhere.
      verifying.remove(dl.key);
      consider(dl.key);
      pumpAll();
      return;
    }
    installer.rebuild(dl.key, dl.delta, dl.bytes(), base.bytes(), o -> verified(dl, o));
  }

  private void verified(Download dl, Checker.Outcome outcome) {
    if (outcome instanceof Checker.Accepted a) {
      verifying.remove(dl.key);
      refusals.accepted(dl.claim.hash());
      if (installer.install(a.held(), dl.delta != null) && dl.delta != null) {
        announcer.offerDelta(dl.delta, cache.intern(dl.claim.hash(), dl.bytes()));
      }
    } else {
      // Still marked while the refusal drops peers, so that their leaving starts no download of
      // this key before the refusal has decided how (and from whom) to fetch it again.
      refusals.refused(dl, (Checker.Refused) outcome);
      verifying.remove(dl.key);
    }
    consider(dl.key);
    pumpAll();
  }

  /**
   * Gives up on lapsed requests, and looks again at downloads that stalled or wait on an unproven
   * claim: {@link #consider} left any newer claim waiting while a download progressed, or an older
   * one while it waited; no message need arrive to bring either up again.
   */
  void tick(long now) {
    long timeout = config.requestTimeout().toNanos();
    for (Download dl : new ArrayList<>(downloads.values())) {
      dl.expire(timeout, now);
      if (stalled(dl, now) || StepDown.due(dl, timeout, now)) {
        consider(dl.key);
      }
    }
    if (deferred) {
      deferred = false;
      reconsiderAll();
    }
  }

  /** Starts anything newly wanted (after an IRD arrived) from the offers already known. */
  void reconsiderAll() {
    for (ResourceKey k : offers.keys()) {
      consider(k);
    }
    pumpAll();
  }

  /** Every download of {@code key} that is making progress (a piece within the request timeout). */
  boolean progressing(ResourceKey key, long now) {
    Download dl = downloads.get(key);
    return verifying.containsKey(key) || dl != null && !stalled(dl, now);
  }
}
