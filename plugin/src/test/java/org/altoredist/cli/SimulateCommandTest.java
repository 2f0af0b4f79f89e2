package org.altoredist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@code simulate} as users run it: figures and floors on stdout, exit 0 when every version arrived everywhere. */
class SimulateCommandTest {

  @Test
  void smallSwarmPrintsTheFiguresAndTheFloors() {
    ToolRun r = ToolRun.of("simulate", "--nodes", "20", "--map-size", "30000", "--pids", "4", "--versions", "1",
        "--faults", "FORGED_SIGNATURE", "--hostile", "1", "--timeline");
    assertEquals(Main.EXIT_OK, r.exit(), r.err());
    for (String figure : new String[] {"ALTO-server requests: 3 with redistribution", "60 (measured for one version",
        "rounds from publication", "bytes received per node per version", "memory:", "ranking 10000 candidates",
        "FORGED_SIGNATURE: 1 nodes met", "floor: ALTO-server requests <= 1 per resource version (3): met",
        "round 5: version 0 held by 0 (IRD)", "version 1 held by 20 (IRD) 20 (network map) 20 (cost map) of 20"}) {
      assertTrue(r.out().contains(figure), "missing \"" + figure + "\" in:\n" + r.out());
    }
  }

  @Test
  void aSwarmOfOneIsAUsageError() {
    ToolRun r = ToolRun.of("simulate", "--nodes", "1");
    assertEquals(Main.EXIT_USAGE, r.exit());
    assertTrue(r.err().contains("at least 2 nodes"), r.err());
  }
}
