package org.altoredist.engine.sim.compact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Set;
import java.util.function.Function;
import org.altoredist.engine.sim.Realism;
import org.altoredist.engine.sim.Simulation;
import org.altoredist.engine.sim.SimulationConfig;
import org.altoredist.engine.sim.SimulationResult;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Each realism flag doing what it says, in both models, on small swarms. */
class RealismBehavioursTest {

  static SimulationResult run(String model, SimulationConfig c) {
    Function<SimulationConfig, SimulationResult> m = model.equals("full") ? x -> new Simulation(x, l -> { }).run()
        : x -> new CompactSimulation(x, l -> { }).run();
    return m.apply(c);
  }

  /**
   * Everyone but the seeder behind NAT: nobody can dial them, so only the seeder's links carry maps,
   * at most 32. A node without one waits the fallback delay for the IRD, then again for the maps it
   * names, and asks the server three times; one that reaches the seeder meanwhile (its rendezvous
   * lookup is repeated every minute) gets the maps from it.
   */
  @ParameterizedTest
  @ValueSource(strings = {"full", "compact"})
  void nodesNobodyCanReachGetTheirMapsFromTheServerAfterTheFallbackDelay(String model) {
    int n = 60;
    SimulationConfig c = new SimulationConfig(n, 2, 8, 16 * 1024, 4, 1, 32, Duration.ofMillis(100), Set.of(), 0,
        2000, SimulationConfig.ENGINE_FALLBACK, new Realism(false, Duration.ofMinutes(100), 0.6, 0,
            Duration.ofMinutes(1), 1.0, 0, Duration.ZERO));
    SimulationResult r = run(model, c);
    SimulationResult.Version v = r.versions().get(0);
    assertTrue(r.converged(), "every node ends up with the maps: " + v);
    int neverLinked = n - 1 - c.maxPeers();
    assertTrue(v.fallbackNodes() >= neverLinked, "isolated nodes: " + v.fallbackNodes());
    assertTrue(v.fallbackRequests() >= 3L * neverLinked && v.fallbackRequests() <= 3L * v.fallbackNodes(),
        "the IRD, then the two maps it names: " + v.fallbackRequests() + " from " + v.fallbackNodes() + " nodes");
    assertEquals(3, v.seederRequests());
    assertTrue(v.roundsToAll() >= 300, "nobody asks the server before 30 s: " + v.roundsToAll());
  }

  /** Sessions of seconds: nodes leave in the middle of downloads, and the others still get every version. */
  @ParameterizedTest
  @ValueSource(strings = {"full", "compact"})
  void nodesLeavingMidTransferDoNotStopTheOthers(String model) {
    SimulationConfig c = new SimulationConfig(300, 4, 8, 256 * 1024, 4, 3, 8, Duration.ofMillis(100), Set.of(), 0,
        400, SimulationConfig.ENGINE_FALLBACK, new Realism(true, Duration.ofSeconds(40), 0.6, 0.5,
            Duration.ofSeconds(10), 0, 0, Duration.ofSeconds(20)));
    SimulationResult r = run(model, c);
    for (SimulationResult.Version v : r.versions()) {
      assertTrue(v.rounds99() >= 0, "version " + v.version() + " never reached 99 % of its cohort: " + v);
      assertTrue(v.joinersServed() > 0, "no joiner got version " + v.version());
    }
    assertTrue(r.joined() > r.costs().peakOnline(), "nodes did leave");
  }
}
