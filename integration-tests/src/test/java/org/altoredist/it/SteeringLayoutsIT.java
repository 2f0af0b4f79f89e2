package org.altoredist.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.altoredist.cli.SteeringLayouts;
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

  @TempDir
  Path dir;

  @ParameterizedTest
  @EnumSource(SteeringLayouts.class)
  void everyPeerCompletes(SteeringLayouts l) throws Exception {
    List<String> args = new ArrayList<>(List.of("demo"));
    args.addAll(l.demoArgs());
    args.addAll(List.of("--content-size", "4", "--timeout", "PT3M", "--json", "--out", dir.resolve("work").toString(),
        "--report", dir.resolve("report.html").toString()));
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
