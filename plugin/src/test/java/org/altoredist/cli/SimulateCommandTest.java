package org.altoredist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code simulate} as users run it: figures and floors on stdout, charts in an HTML page, exit 0 when versions reached everyone. */
class SimulateCommandTest {

  @TempDir
  Path dir;

  @Test
  void fullModelOfIssue6sSwarmPrintsTheFiguresTheFloorsAndWhereTheReportIs() throws Exception {
    Path page = dir.resolve("sim.html");
    ToolRun r = ToolRun.of("simulate", "--model", "full", "--static", "--nodes", "20", "--map-size", "30000", "--pids",
        "4", "--versions", "1", "--faults", "FORGED_SIGNATURE", "--hostile", "1", "--timeline", "--report",
        page.toString());
    assertEquals(Main.EXIT_OK, r.exit(), r.err());
    for (String figure : new String[] {"full model: 20 nodes", "versions back to back",
        "ALTO-server requests: 3 with redistribution, 60 without", "rounds to 99%/100%", "(piece bytes)",
        "live heap", "ranking 10000 candidates", "FORGED_SIGNATURE: 1 nodes met",
        "floor: ALTO-server requests: at most one per resource version", "round 5: 20 online; version 0",
        "version 1 held by 20 of them", "report: " + page.toAbsolutePath()}) {
      assertTrue(r.out().contains(figure), "missing \"" + figure + "\" in:\n" + r.out());
    }
    String html = Files.readString(page);
    assertTrue(html.startsWith("<!DOCTYPE html>") && html.contains("<svg") && html.contains("Propagation"), html);
  }

  @Test
  void compactModelWithTheRealismDefaultsPrintsOnlyJson() throws Exception {
    Path page = dir.resolve("sim.html");
    ToolRun r = ToolRun.of("simulate", "--nodes", "300", "--map-size", "30000", "--pids", "4", "--versions", "2",
        "--version-every", "0.5", "--crowd-minutes", "0.1", "--json", "--report", page.toString());
    assertTrue(r.exit() == Main.EXIT_OK || r.exit() == Main.EXIT_REFUSED, r.err());
    JsonNode j = new ObjectMapper().readTree(r.out());
    assertEquals("compact", j.at("/result/model").asText());
    assertEquals(0.5, j.at("/result/setup/nat").asDouble());
    assertTrue(j.at("/result/setup/churn").asBoolean());
    assertEquals(2, j.at("/result/versions").size());
    assertEquals(3, j.at("/result/versions/0/seederRequests").asLong());
    assertTrue(j.at("/result/series/online").size() > 0);
    assertTrue(j.at("/floors").size() >= 5);
    assertEquals(page.toAbsolutePath().toString(), j.at("/report").asText());
    assertTrue(Files.exists(page));
  }

  @Test
  void hostileNodesNeedTheFullModel() {
    ToolRun r = ToolRun.of("simulate", "--static", "--faults", "NEVER_DELIVERS", "--report",
        dir.resolve("x.html").toString());
    assertEquals(Main.EXIT_USAGE, r.exit());
    assertTrue(r.err().contains("--model full"), r.err());
  }

  @Test
  void churnWithVersionsBackToBackIsAUsageError() {
    ToolRun r = ToolRun.of("simulate", "--version-every", "0", "--report", dir.resolve("x.html").toString());
    assertEquals(Main.EXIT_USAGE, r.exit());
    assertTrue(r.err().contains("version interval"), r.err());
  }

  @Test
  void aSwarmOfOneIsAUsageError() {
    ToolRun r = ToolRun.of("simulate", "--nodes", "1");
    assertEquals(Main.EXIT_USAGE, r.exit());
    assertTrue(r.err().contains("at least 2 nodes"), r.err());
  }
}
