package org.altoredist.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * When to ask the ALTO server (a {@link ServerFallback}; {@link ServerFetches} does the asking). A
 * wanted resource without a valid version is first left to the peers for the fallback delay
 * (stretched by a random jitter, so that nodes that started together do not all ask at once); only
 * then is the server asked, and after a failure again with exponential backoff and full jitter (AWS
 * "Exponential Backoff and Jitter": a uniform wait below the doubled bound). A resource that
 * arrives from a peer meanwhile is never fetched. Loop-confined.
 */
final class FallbackSchedule {

  private static final class State {
    long dueAt;
    int failures;
    boolean inFlight;
    /** Asked for by a refresh: due even though a version is held. */
    boolean forced;
  }

  private final long delayNanos;
  private final double jitter;
  private final long backoffBaseNanos;
  private final long backoffMaxNanos;
  private final RandomGenerator random;
  private final Map<ResourceKey, State> waiting = new LinkedHashMap<>();

  FallbackSchedule(Duration delay, double jitter, Duration backoffBase, Duration backoffMax, RandomGenerator random) {
    this.delayNanos = delay.toNanos();
    this.jitter = jitter;
    this.backoffBaseNanos = backoffBase.toNanos();
    this.backoffMaxNanos = backoffMax.toNanos();
    this.random = random;
  }

  /**
   * Brings the waiting set up to date: keys newly {@code missing} start their delay now, keys no
   * longer missing (a peer delivered, or they are no longer wanted) are forgotten.
   */
  void missing(Set<ResourceKey> missing, long now) {
    for (Iterator<Map.Entry<ResourceKey, State>> it = waiting.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<ResourceKey, State> e = it.next();
      if (!missing.contains(e.getKey()) && !e.getValue().inFlight && !e.getValue().forced) {
        it.remove();
      }
    }
    for (ResourceKey k : missing) {
      waiting.computeIfAbsent(k, x -> {
        State s = new State();
        s.dueAt = now + delayNanos + (long) (delayNanos * jitter * random.nextDouble());
        return s;
      });
    }
  }

  /** Makes every key in {@code keys} due now (an explicit refresh), unless a fetch is under way. */
  void dueNow(Set<ResourceKey> keys, long now) {
    for (ResourceKey k : keys) {
      State s = waiting.computeIfAbsent(k, x -> new State());
      s.forced = true;
      if (!s.inFlight) {
        s.dueAt = now;
      }
    }
  }

  /** The keys whose time has come; each is marked in flight. */
  List<ResourceKey> due(long now) {
    List<ResourceKey> due = new ArrayList<>();
    for (Map.Entry<ResourceKey, State> e : waiting.entrySet()) {
      State s = e.getValue();
      if (!s.inFlight && now >= s.dueAt) {
        s.inFlight = true;
        due.add(e.getKey());
      }
    }
    return due;
  }

  /** Not yet: look again after {@code wait} (a download from peers is still making progress). */
  void postpone(ResourceKey key, long now, long waitNanos) {
    State s = waiting.get(key);
    if (s != null) {
      s.inFlight = false;
      s.dueAt = now + waitNanos;
    }
  }

  /** The fetch succeeded (or brought nothing newer); the key waits again only if it goes missing again. */
  void done(ResourceKey key) {
    waiting.remove(key);
  }

  /** The fetch failed: try again after a random wait below min(max, base * 2^failures). */
  void failed(ResourceKey key, long now) {
    State s = waiting.get(key);
    if (s == null) {
      return;
    }
    s.inFlight = false;
    long bound = backoffBaseNanos << Math.min(s.failures, 30);
    bound = bound <= 0 || bound > backoffMaxNanos ? backoffMaxNanos : bound;
    s.failures++;
    s.dueAt = now + (long) (bound * random.nextDouble());
  }

  /** Whether a fetch of {@code key} is due, under way or backing off. */
  boolean waiting(ResourceKey key) {
    return waiting.containsKey(key);
  }

  int failures(ResourceKey key) {
    State s = waiting.get(key);
    return s == null ? 0 : s.failures;
  }
}
