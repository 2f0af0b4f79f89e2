package org.altoredist.engine.sim.compact;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.altoredist.engine.sim.Realism;
import org.altoredist.engine.sim.SimulationConfig;
import org.altoredist.engine.sim.SimulationResult;
import org.junit.jupiter.api.Test;

/** The compact model is a function of its seed: the same run twice, round for round; another seed, another run. */
class CompactDeterminismTest {

  static SimulationConfig config(long seed) {
    return new SimulationConfig(800, seed, 8, 64 * 1024, 8, 3, 16, Duration.ofMillis(100), Set.of(), 0, 400,
        SimulationConfig.ENGINE_FALLBACK, new Realism(true, Duration.ofMinutes(5), 0.6, 0.8, Duration.ofSeconds(20),
            0.5, 1.0, Duration.ofSeconds(40)));
  }

  static List<String> trace(SimulationConfig c, List<String> lines) {
    SimulationResult r = new CompactSimulation(c, lines::add).run();
    lines.add(r.versions().toString());
    lines.add(r.serverRequests() + " " + r.duplicatePieces() + " " + r.latePieces() + " " + r.requestTimeouts() + " "
        + r.peersDropped() + " " + r.payloadRatio() + " " + r.wireRatio());
    return lines;
  }

  @Test
  void theSameSeedGivesTheSameRunRoundForRound() {
    List<String> a = trace(config(3), new ArrayList<>());
    List<String> b = trace(config(3), new ArrayList<>());
    assertEquals(a.size(), b.size());
    assertArrayEquals(a.toArray(), b.toArray());
  }

  @Test
  void anotherSeedGivesAnotherRun() {
    assertNotEquals(trace(config(3), new ArrayList<>()), trace(config(4), new ArrayList<>()));
  }
}
