package org.altoredist.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Steering is a preference, never a wall: however the peers fall into PIDs, every peer completes.
 * One driver, one named layout per case (the demo's {@code --layout}), each run from the built jar
 * at the plugin's default steering with its own deadline: the uneven layouts where a wall would
 * starve someone, and the one the issue measured (ALTO peers alone in their PIDs received nothing).
 */
class SteeringLayoutsIT {

  /** Each layout's swarm: content of 4 MiB completes in seconds; the deadline is for a starved peer. */
  private static final Duration DEADLINE = Duration.ofMinutes(4);

  enum Layout {
    /** The case: 6 ALTO and 2 vanilla peers in 4 PIDs leave pid-3 and pid-4 one ALTO peer each. */
    FEW_PEERS("round-robin", 6, 2, 4),
    SEEDER_ALONE("seeder-alone", 4, 2, 3),
    ALTO_ALONE("alto-alone", 5, 2, 3),
    VANILLA_PID("vanilla-pid", 4, 2, 3),
    CROWDED("crowded", 9, 1, 3),
    PAIRS("pairs", 11, 4, 8),
    ALTO_PID("alto-pid", 6, 2, 3),
    SEEDER_LEAVES("seeder-leaves", 6, 2, 3);

    final String flag;
    final int alto;
    final int vanilla;
    final int pids;

    Layout(String flag, int alto, int vanilla, int pids) {
      this.flag = flag;
      this.alto = alto;
      this.vanilla = vanilla;
      this.pids = pids;
    }
  }

  @TempDir
  Path dir;

  @ParameterizedTest
  @EnumSource(Layout.class)
  void everyPeerCompletes(Layout l) throws Exception {
    List<String> args = new ArrayList<>(List.of("demo", "--layout", l.flag, "--peers", "" + l.alto, "--vanilla",
        "" + l.vanilla, "--pids", "" + l.pids, "--content-size", "4", "--timeout", "PT3M", "--json",
        "--out", dir.resolve("work").toString(), "--report", dir.resolve("report.html").toString()));
    ToolProcess r = ToolProcess.run(DEADLINE, args.toArray(String[]::new));
    JsonNode report = DemoCommandIT.STRICT_JSON.readTree(r.out());
    List<String> incomplete = new ArrayList<>();
    for (JsonNode p : report.get("peers")) {
      if (!p.get("completedSeconds").isNumber()) {
        incomplete.add(p.get("name").asText() + " in " + p.get("pid").asText());
      }
    }
    assertEquals(List.of(), incomplete, "peers starved in layout " + l.flag + ":\n" + r.err());
    assertEquals(0, r.exit(), r.err());
    assertEquals(l.alto, report.get("altoCompletion").get("completed").asInt());
  }
}
