package org.altoredist.engine.sim.compact;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Field;
import org.altoredist.engine.RedistributionEngine;
import org.altoredist.engine.sim.Simulation;
import org.junit.jupiter.api.Test;

/**
 * The compact model decides by the engine's numbers ({@link Rules}); the engine keeps them
 * package-private. Read there, they must be the model's: when the engine changes one, this fails
 * and names it, before the model silently drifts from what it models.
 */
class RulesMatchTheEngineTest {

  @Test
  void theBuildersDefaultsAreTheModels() throws ReflectiveOperationException {
    Object b = RedistributionEngine.builder();
    assertEquals(Rules.REQUEST_TIMEOUT, field(b, "requestTimeout"));
    assertEquals(Rules.MAX_CONSECUTIVE_TIMEOUTS, field(b, "maxConsecutiveTimeouts"));
    assertEquals(Rules.BAN, field(b, "ban"));
    assertEquals(Rules.BACKOFF_BASE, field(b, "backoffBase"));
    assertEquals(Rules.BACKOFF_MAX, field(b, "backoffMax"));
    assertEquals(Rules.MAX_OUTSTANDING, field(b, "maxOutstandingPerPeer"));
    assertEquals(Simulation.TICK, field(b, "tick"), "the simulation ticks as the engine does by default");
    assertEquals(4 * (int) field(b, "targetPeers"), field(b, "maxPeers"),
        "the simulation keeps four times the links it dials toward, as the engine's defaults");
  }

  @Test
  void theDecisionConstantsAreTheModels() throws ReflectiveOperationException {
    assertEquals(Rules.ENDGAME_FACTOR, constant("Download", "ENDGAME_FACTOR"));
    assertEquals(Rules.MIN_ENDGAME_NANOS, constant("Download", "MIN_ENDGAME_NANOS"));
    assertEquals(Rules.STALLED_HOLDER_FACTOR, constant("Download", "STALLED_HOLDER_FACTOR"));
    assertEquals(Rules.DEFAULT_ANSWER_NANOS, constant("Download", "DEFAULT_ANSWER_NANOS"));
    assertEquals(Rules.BACKLOG_WAIT_NANOS, constant("Uploads", "BACKLOG_WAIT_NANOS"));
    assertEquals(Rules.MIN_BUSY_BACKOFF_NANOS, constant("Peers", "MIN_BUSY_BACKOFF_NANOS"));
    assertEquals(Rules.MAX_BUSY_BACKOFF_NANOS, constant("Peers", "MAX_BUSY_BACKOFF_NANOS"));
    assertEquals(Rules.STEP_DOWN_IDLE_NANOS, constant("StepDown", "IDLE_NANOS"));
    assertEquals(Rules.MAX_CANDIDATES, constant("Connections", "MAX_CANDIDATES"));
    assertEquals(Rules.INVENTORY_RETRY_NANOS, constant("Announcer", "RETRY_NANOS"));
  }

  private static Object field(Object o, String name) throws ReflectiveOperationException {
    Field f = o.getClass().getDeclaredField(name);
    f.setAccessible(true);
    return f.get(o);
  }

  private static Object constant(String engineClass, String name) throws ReflectiveOperationException {
    Field f = Class.forName("org.altoredist.engine." + engineClass).getDeclaredField(name);
    f.setAccessible(true);
    return f.get(null);
  }
}
