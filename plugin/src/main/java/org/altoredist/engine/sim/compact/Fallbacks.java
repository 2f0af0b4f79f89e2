package org.altoredist.engine.sim.compact;

import org.altoredist.engine.sim.MapMaker;

/**
 * When a node of the compact model asks the ALTO server (the engine's {@code ServerFetches}
 * and {@code FallbackSchedule}): a wanted resource it holds no version of waits the fallback delay,
 * stretched by a random jitter, for peers to deliver it; then the server is asked, unless a download
 * from peers is making progress. A seeder's refresh asks at once for everything it wants, including
 * what the answers make wanted (a new IRD's maps).
 */
final class Fallbacks {

  private static final String[] RESOURCE_IDS = {null, MapMaker.NETWORK_MAP_ID, MapMaker.COST_MAP_ID};

  /** What one node waits for, per resource (the engine's FallbackSchedule state). */
  static final class Waiting {
    final boolean[] present = new boolean[3];
    final long[] dueAt = new long[3];
    final boolean[] inFlight = new boolean[3];
    final boolean[] forced = new boolean[3];

    boolean empty() {
      return !present[0] && !present[1] && !present[2];
    }
  }

  private final CompactSimulation sim;
  private final long delayNanos;

  Fallbacks(CompactSimulation sim) {
    this.sim = sim;
    this.delayNanos = sim.config.fallback().toNanos();
  }

  /** The wanted resources held in no version: the IRD, and once it is held, the maps it names. */
  private static int missing(Node n) {
    if (!n.holdsDirectory()) {
      return 1;
    }
    return (n.held[1] == 0 ? 2 : 0) | (n.held[2] == 0 ? 4 : 0);
  }

  /** Everything a node wants: the IRD, and once it is held, its maps. */
  private static int wanted(Node n) {
    return n.holdsDirectory() ? 7 : 1;
  }

  /** The seeder refreshes: every wanted resource is due now. */
  void refresh(Node n) {
    n.refreshed = 0;
    askServer(n);
  }

  /** Fetches from the server what is due: missing too long, or asked for by a refresh. */
  void askServer(Node n) {
    long now = sim.nanos();
    int missing = missing(n);
    if (n.waiting == null && missing == 0 && n.refreshed < 0) {
      return;
    }
    if (n.waiting == null) {
      n.waiting = new Waiting();
    }
    Waiting w = n.waiting;
    for (int r = 0; r < 3; r++) {
      boolean isMissing = (missing & 1 << r) != 0;
      if (w.present[r] && !isMissing && !w.inFlight[r] && !w.forced[r]) {
        w.present[r] = false;
      } else if (!w.present[r] && isMissing) {
        w.present[r] = true;
        w.dueAt[r] = now + delayNanos + (long) (delayNanos * Rules.FALLBACK_JITTER * n.random.nextDouble());
      }
    }
    forceRefresh(n, w, now);
    for (int r = 0; r < 3; r++) {
      if (w.present[r] && !w.inFlight[r] && now >= w.dueAt[r]) {
        w.inFlight[r] = true;
        Fetch dl = n.fetch(r);
        if (dl != null && now - (long) dl.lastProgress * sim.roundNanos < Rules.REQUEST_TIMEOUT.toNanos()) {
          w.inFlight[r] = false;
          w.dueAt[r] = now + Rules.REQUEST_TIMEOUT.toNanos();
        } else {
          fetch(n, r);
        }
      }
    }
    if (n.waiting != null && n.waiting.empty()) {
      n.waiting = null;
    }
  }

  private void forceRefresh(Node n, Waiting w, long now) {
    if (n.refreshed < 0) {
      return;
    }
    int todo = wanted(n) & ~n.refreshed;
    if (todo == 0) {
      boolean waiting = false;
      for (int r = 0; r < 3; r++) {
        waiting |= (n.refreshed & 1 << r) != 0 && w.present[r];
      }
      if (!waiting) {
        n.refreshed = -1;
      }
      return;
    }
    n.refreshed |= todo;
    for (int r = 0; r < 3; r++) {
      if ((todo & 1 << r) != 0) {
        w.present[r] = true;
        w.forced[r] = true;
        if (!w.inFlight[r]) {
          w.dueAt[r] = now;
        }
      }
    }
  }

  /** When the first resource it waits for falls due. */
  long nextDue(Node n) {
    long due = Long.MAX_VALUE;
    for (int r = 0; r < 3; r++) {
      if (n.waiting.present[r]) {
        due = Math.min(due, n.waiting.dueAt[r]);
      }
    }
    return due;
  }

  /** Asks the server; its answer, the version it serves now, is installed unless an equal or newer one is held. */
  private void fetch(Node n, int r) {
    sim.census.serverRequest(n.id);
    sim.server.fetch(CompactSimulation.SERVICE, RESOURCE_IDS[r]);
    Waiting w = n.waiting;
    w.present[r] = false;
    w.inFlight[r] = false;
    w.forced[r] = false;
    sim.transfers.install(n, r, sim.published, false);
  }
}
