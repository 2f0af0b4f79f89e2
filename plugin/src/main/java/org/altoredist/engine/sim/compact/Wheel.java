package org.altoredist.engine.sim.compact;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Tasks due at the start of a round, run in the order they were scheduled: what the virtual loop's
 * timers are to the engines (dial timeouts, the peer's view of a close, lookups, ticks).
 */
final class Wheel {

  private final Map<Integer, List<Runnable>> due = new HashMap<>();

  void at(int round, Runnable task) {
    due.computeIfAbsent(round, r -> new ArrayList<>()).add(task);
  }

  /** Runs what is due at {@code round}, including what those tasks schedule for it. */
  void run(int round) {
    for (List<Runnable> tasks; (tasks = due.remove(round)) != null; ) {
      for (Runnable t : tasks) {
        t.run();
      }
    }
  }
}
