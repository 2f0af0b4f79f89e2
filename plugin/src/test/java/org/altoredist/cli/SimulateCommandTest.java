package org.altoredist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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

  @Test
  void deltaBundlesNeedTheFullModel() {
    ToolRun r = ToolRun.of("simulate", "--map-churn", "0.01", "--report", dir.resolve("x.html").toString());
    assertEquals(Main.EXIT_USAGE, r.exit());
    assertTrue(r.err().contains("--model full"), r.err());
  }

  /**
   * --map-churn moves a share of the map's prefixes per version, so that holders of version 1 take
   * version 2 by delta bundle: each node then receives a fraction of the network map, where a new
   * map costs each node the whole of it. Node churn (--churn) is another thing and stays off here.
   */
  @Test
  void withMapChurnEachNodeReceivesAFractionOfTheMap() throws Exception {
    JsonNode moved = fullStatic("--map-churn", "0.01");
    assertEquals(0.01, moved.at("/result/setup/mapChurn").asDouble());
    assertFalse(moved.at("/result/setup/churn").asBoolean());
    JsonNode fresh = fullStatic();
    for (JsonNode j : new JsonNode[] {moved, fresh}) {
      assertEquals(2, j.at("/result/versions").size());
      assertTrue(j.at("/result/versions/1/networkMapBytes").asLong() > 100_000, j.toString());
    }
    JsonNode v2 = moved.at("/result/versions/1");
    assertTrue(v2.at("/nodeBytes/max").asLong() < v2.at("/networkMapBytes").asLong() / 4, v2.toString());
    assertTrue(v2.at("/pieceBytes").asLong() > 0, "the delta's pieces count as the version's: " + v2);
    assertTrue(v2.at("/pieceBytes").asLong() < v2.at("/neededBytes").asLong() / 4, v2.toString());
    JsonNode f2 = fresh.at("/result/versions/1");
    assertTrue(f2.at("/nodeBytes/median").asLong() >= f2.at("/networkMapBytes").asLong(), f2.toString());
  }

  private JsonNode fullStatic(String... more) throws Exception {
    List<String> args = new ArrayList<>(List.of("simulate", "--model", "full", "--static", "--nodes", "20",
        "--map-size", "200000", "--pids", "4", "--versions", "2", "--json", "--report",
        dir.resolve("delta.html").toString()));
    args.addAll(List.of(more));
    ToolRun r = ToolRun.of(args.toArray(String[]::new));
    assertEquals(Main.EXIT_OK, r.exit(), r.err());
    return new ObjectMapper().readTree(r.out());
  }
}
