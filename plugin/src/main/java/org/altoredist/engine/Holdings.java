package org.altoredist.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.altoredist.alto.VersionTag;
import org.altoredist.wire.BundleHash;

/**
 * The verified versions a node holds (and its store mirrors): the newest per (service, resource),
 * plus each older network map that a held cost map still depends on, since a cost map is usable
 * only with the network map version named by its dependent vtag (RFC 7285 §11.2.3.6). Two byte
 * budgets: one for everything, one for the resources held only to relay them. Loop-confined.
 */
final class Holdings {

  /** What an install did: whether the version is now held, and what it displaced. */
  record Change(boolean installed, List<HeldBundle> removed) {}

  private final long budget;
  private final long relayBudget;
  private final Map<ResourceKey, HeldBundle> newest = new LinkedHashMap<>();
  private final Map<BundleHash, HeldBundle> retained = new LinkedHashMap<>();
  private final Map<BundleHash, HeldBundle> byHash = new HashMap<>();
  private final Set<ResourceKey> relayOnly = new HashSet<>();
  private long bytes;
  private long relayBytes;

  Holdings(long budget, long relayBudget) {
    this.budget = budget;
    this.relayBudget = relayBudget;
  }

  HeldBundle newest(ResourceKey key) {
    return newest.get(key);
  }

  long heldSequence(ResourceKey key) {
    HeldBundle h = newest.get(key);
    return h == null ? -1 : h.sequence();
  }

  HeldBundle byHash(BundleHash hash) {
    return byHash.get(hash);
  }

  Collection<HeldBundle> newest() {
    return newest.values();
  }

  /** Every held version: the newest ones, then the retained network maps. */
  List<HeldBundle> all() {
    List<HeldBundle> all = new ArrayList<>(newest.values());
    all.addAll(retained.values());
    return all;
  }

  long bytes() {
    return bytes;
  }

  /**
   * Installs {@code h} if it is newer than the version held for its key. Relay-only versions may
   * evict older relay-only versions to stay within budget; a version the budgets cannot hold is
   * not installed.
   */
  Change install(HeldBundle h, boolean relay) {
    HeldBundle old = newest.get(h.key());
    if (old != null && old.sequence() >= h.sequence()) {
      return new Change(false, List.of());
    }
    List<HeldBundle> removed = new ArrayList<>();
    long growth = h.bytes().length - (old == null ? 0 : old.bytes().length);
    if (relay && !evictRelay(() -> relayBytes + growth <= relayBudget, h.key(), removed)
        || !evictRelay(() -> bytes + growth <= budget, h.key(), removed)) {
      return new Change(false, removed);
    }
    if (old != null) {
      drop(old);
      if (!(old.isNetworkMap() && neededVtags().contains(old.descriptor().vtag())
          && !old.descriptor().vtag().equals(h.descriptor().vtag()))) {
        removed.add(old);
      } else {
        keepRetained(old);
      }
    }
    newest.put(h.key(), h);
    byHash.put(h.info().hash(), h);
    bytes += h.bytes().length;
    if (relay) {
      relayOnly.add(h.key());
      relayBytes += h.bytes().length;
    }
    pruneRetained(removed);
    return new Change(true, removed);
  }

  /** The versions of these keys are used, not only relayed, from now on: relay eviction spares them. */
  void used(Set<ResourceKey> keys) {
    for (ResourceKey k : keys) {
      HeldBundle h = newest.get(k);
      if (h != null && relayOnly.remove(k)) {
        relayBytes -= h.bytes().length;
      }
    }
  }

  /** Removes every version whose descriptor has expired at {@code now}. */
  List<HeldBundle> removeExpired(Instant now) {
    List<HeldBundle> removed = new ArrayList<>();
    for (HeldBundle h : all()) {
      if (!h.info().expires().isAfter(now)) {
        remove(h);
        removed.add(h);
      }
    }
    pruneRetained(removed);
    return removed;
  }

  /** Removes one version (a retained one or the newest of its key). */
  void remove(HeldBundle h) {
    if (retained.remove(h.info().hash()) != null) {
      byHash.remove(h.info().hash());
      bytes -= h.bytes().length;
    } else if (newest.get(h.key()) == h) {
      newest.remove(h.key());
      drop(h);
    }
  }

  private void drop(HeldBundle h) {
    byHash.remove(h.info().hash());
    bytes -= h.bytes().length;
    if (relayOnly.remove(h.key())) {
      relayBytes -= h.bytes().length;
    }
  }

  private void keepRetained(HeldBundle old) {
    retained.put(old.info().hash(), old);
    byHash.put(old.info().hash(), old);
    bytes += old.bytes().length;
  }

  /** The network-map versions the held cost maps depend on. */
  private Set<VersionTag> neededVtags() {
    Set<VersionTag> needed = new HashSet<>();
    for (HeldBundle h : newest.values()) {
      needed.addAll(h.descriptor().dependentVtags());
    }
    return needed;
  }

  private void pruneRetained(List<HeldBundle> removed) {
    Set<VersionTag> needed = neededVtags();
    for (HeldBundle h : new ArrayList<>(retained.values())) {
      if (!needed.contains(h.descriptor().vtag())) {
        remove(h);
        removed.add(h);
      }
    }
  }

  /** Evicts relay-only versions other than {@code keep}'s, oldest first, until {@code fits}. */
  private boolean evictRelay(BooleanSupplier fits, ResourceKey keep, List<HeldBundle> removed) {
    for (HeldBundle h : new ArrayList<>(newest.values())) {
      if (fits.getAsBoolean()) {
        return true;
      }
      if (relayOnly.contains(h.key()) && !h.key().equals(keep)) {
        remove(h);
        removed.add(h);
      }
    }
    return fits.getAsBoolean();
  }
}
