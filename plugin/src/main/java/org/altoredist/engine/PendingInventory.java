package org.altoredist.engine;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import org.altoredist.wire.ArAltoMessage;
import org.altoredist.wire.BundleClaim;
import org.altoredist.wire.BundleHash;
import org.altoredist.wire.DeltaClaim;
import org.altoredist.wire.ExtensionMessageCodec;
import org.altoredist.wire.WireLimits;

/**
 * The inventory changes queued for one peer while its announcement rate holds them back, oldest
 * first. Owned by its {@link Peer}; loop-confined.
 */
final class PendingInventory {

  /** One inventory message's worth of queued changes, taken out of the queue. */
  record Batch(List<BundleClaim> claims, List<BundleHash> dropped, List<DeltaClaim> deltas) {

    ArAltoMessage.Inventory message() {
      return new ArAltoMessage.Inventory(claims, dropped, deltas);
    }
  }

  private final LinkedHashMap<BundleHash, BundleClaim> claims = new LinkedHashMap<>();
  private final LinkedHashMap<BundleHash, DeltaClaim> deltas = new LinkedHashMap<>();
  private final LinkedHashSet<BundleHash> dropped = new LinkedHashSet<>();
  /** After a refusal: nothing is sent before this time. */
  private long retryAt;

  /** Queues the claim of bundle {@code hash}, replacing a queued withdrawal of it. */
  void claim(BundleHash hash, BundleClaim c) {
    dropped.remove(hash);
    claims.put(hash, c);
  }

  /** Queues a delta claim, replacing a queued withdrawal of it. */
  void claimDelta(DeltaClaim d) {
    dropped.remove(d.delta().hash());
    deltas.put(d.delta().hash(), d);
  }

  /** Queues the withdrawal of {@code hash}; a claim of it still queued is only taken back. */
  void withdraw(BundleHash hash) {
    if (claims.remove(hash) == null && deltas.remove(hash) == null) {
      dropped.add(hash);
    }
  }

  /** Whether something is queued and no refusal holds it back at {@code now}. */
  boolean due(long now) {
    return (!claims.isEmpty() || !deltas.isEmpty() || !dropped.isEmpty()) && now >= retryAt;
  }

  /**
   * Removes and returns up to {@link WireLimits#MAX_INVENTORY_ENTRIES} entries of each kind, fewer
   * when they would not fit one message: a claim carries its service URI, up to 2,048 characters,
   * so long URIs fit fewer claims (bep_ar_alto.md, "inventory": split them over several messages).
   * What does not fit stays queued for the next message.
   */
  Batch take() {
    List<BundleClaim> c = take(claims.values().iterator());
    List<DeltaClaim> d = take(deltas.values().iterator());
    List<BundleHash> gone = take(dropped.iterator());
    Batch b = new Batch(c, gone, d);
    while (c.size() + d.size() > 1
        && ExtensionMessageCodec.encodeHeader(b.message()).length > WireLimits.MAX_MESSAGE_SIZE) {
      if (!d.isEmpty()) {
        DeltaClaim back = d.remove(d.size() - 1);
        deltas.putIfAbsent(back.delta().hash(), back);
      } else {
        BundleClaim back = c.remove(c.size() - 1);
        claims.putIfAbsent(back.hash(), back);
      }
    }
    return b;
  }

  /** Puts back a batch the peer was not sent, so the next attempt, not before {@code retryAt}, carries it. */
  void putBack(Batch b, long retryAt) {
    b.claims().forEach(c -> claims.putIfAbsent(c.hash(), c));
    b.deltas().forEach(c -> deltas.putIfAbsent(c.delta().hash(), c));
    dropped.addAll(b.dropped());
    this.retryAt = retryAt;
  }

  private static <T> List<T> take(Iterator<T> it) {
    List<T> out = new ArrayList<>();
    while (it.hasNext() && out.size() < WireLimits.MAX_INVENTORY_ENTRIES) {
      out.add(it.next());
      it.remove();
    }
    return out;
  }
}
