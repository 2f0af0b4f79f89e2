package org.altoredist.engine;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.altoredist.wire.BundleHash;
import org.altoredist.wire.DeltaClaim;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the state directory ({@link MapStore}) in step with what is held: every write and removal
 * runs in order on one disk thread, off the loop, and a failure leaves the version in memory only.
 * Without a state directory it does nothing. Called on the loop.
 */
final class StoreWrites {

  private static final Logger log = LoggerFactory.getLogger(StoreWrites.class);
  /** How long close waits for queued store writes: a few ISP-size maps to a local disk. */
  private static final long DISK_DRAIN_SECONDS = 10;
  /**
   * Superseded versions kept on disk per resource, besides the one just replaced, as bases of deltas
   * to the next: with it, deltas from up to 3 versions back, as the ALTO server serves
   * (alto-http.md §4.10) and {@link Deltas#MAX_HELD_PER_TARGET} holds.
   */
  static final int OLDER_BASES = Deltas.MAX_HELD_PER_TARGET - 1;

  private final MapStore store;
  private final ExecutorService disk;

  /** @param store the state directory's store, or null to keep everything in memory only */
  StoreWrites(MapStore store) {
    this.store = store;
    this.disk = store == null ? null : Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "altoredist-store");
      t.setDaemon(true);
      return t;
    });
  }

  /** Writes a newly installed version, unless it was read from the store. */
  void put(HeldBundle h) {
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

  /** Keeps a delta to {@code target} on disk beside it, so that a restarted node serves it again. */
  void putDelta(HeldBundle target, DeltaClaim d, byte[] bytes) {
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

  /**
   * Removes a version no longer held, with the deltas to it. A superseded version ({@code keepAsBase})
   * stays on disk as a base of deltas to later ones: the {@link #OLDER_BASES} a delta is made from,
   * and one more, the version just replaced, which is retired while its successor's deltas are made.
   */
  void remove(HeldBundle h, boolean keepAsBase, List<Deltas.HeldDelta> deltas) {
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

  /**
   * The versions of {@code key} held before {@code previous} and kept on disk as bases, newest
   * first, at most {@link #OLDER_BASES}; none without a store. Read on the caller's thread (a
   * worker), not on the disk thread: the new version is announced only with its deltas, and waiting
   * behind queued writes (each forced to disk) would hold it back. A base still being retired is
   * missed, and its holders fetch the version whole.
   */
  List<byte[]> olderBases(ResourceKey key, BundleHash previous) {
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

  /**
   * Lets the writes already queued finish: an engine restarted on the same state directory (in
   * this process or the next) must find every version this one held, whole.
   */
  void close() {
    if (disk == null) {
      return;
    }
    disk.shutdown();
    try {
      if (!disk.awaitTermination(DISK_DRAIN_SECONDS, TimeUnit.SECONDS)) {
        log.warn("store: writes still queued after {} s at close; the state directory may miss the newest versions",
            DISK_DRAIN_SECONDS);
      }
    } catch (InterruptedException x) {
      Thread.currentThread().interrupt();
    }
  }
}
