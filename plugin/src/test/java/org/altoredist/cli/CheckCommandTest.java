package org.altoredist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code check}: summaries, one line per error, and the exit codes 0 valid, 1 invalid, 2 usage. */
class CheckCommandTest {

  private static final Path EXAMPLES = Path.of("examples");

  @TempDir
  Path dir;

  private Path write(String name, String content) throws Exception {
    return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
  }

  @Test
  void bundledExamplesAreValidAndSummarised() {
    ToolRun nm = ToolRun.of("check", EXAMPLES.resolve("networkmap.json").toString());
    assertEquals(0, nm.exit(), nm::err);
    assertTrue(nm.out().contains("networkmap: 5 PIDs, 6 prefixes (ipv4 5, ipv6 1), vtag loopback-network-map@"), nm.out());
    ToolRun cm = ToolRun.of("check", EXAMPLES.resolve("costmap.json").toString(),
        "--network-map", EXAMPLES.resolve("networkmap.json").toString());
    assertEquals(0, cm.exit(), cm::out);
    assertTrue(cm.out().contains("costmap: 5 PIDs, 25 costs, cost type numerical routingcost"), cm.out());
    ToolRun ird = ToolRun.of("check", "--type", "ird", EXAMPLES.resolve("ird.json").toString());
    assertEquals(0, ird.exit(), ird::out);
    assertTrue(ird.out().contains("default network map loopback-network-map"), ird.out());
  }

  @Test
  void eachErrorIsPrintedOnItsOwnLineAndExitIsOne() throws Exception {
    Path bad = write("bad.json", "{\"meta\":{\"vtag\":{\"resource-id\":\"nm\",\"tag\":\"v1\"}},\"network-map\":"
        + "{\"a.b\":{},\"P\":{\"ipv4\":[\"0.0.0.0/0\",\"10.1.0.0/8\"]}}}");
    ToolRun r = ToolRun.of("check", bad.toString());
    assertEquals(1, r.exit());
    String[] lines = r.out().strip().split("\n");
    assertEquals(2, lines.length, r.out());
    assertTrue(lines[0].startsWith(bad + ": E_INVALID_FIELD_VALUE field=network-map/a.b"), lines[0]);
    assertTrue(lines[1].contains("field=network-map/P/ipv4/1 value=\"10.1.0.0/8\""), lines[1]);
  }

  @Test
  void aCostMapForAnotherNetworkMapVersionFailsTheCrossCheck() throws Exception {
    Path nm = write("nm.json", Files.readString(EXAMPLES.resolve("networkmap.json")).replace("8b0f0f4a", "00000000"));
    ToolRun r = ToolRun.of("check", EXAMPLES.resolve("costmap.json").toString(), "--network-map", nm.toString());
    assertEquals(1, r.exit());
    assertTrue(r.out().contains("field=meta/dependent-vtags/0"), r.out());
  }

  @Test
  void aDeclaredTypeThatDoesNotFitIsInvalidNotGuessed() {
    ToolRun r = ToolRun.of("check", "--type", "costmap", EXAMPLES.resolve("networkmap.json").toString());
    assertEquals(1, r.exit());
    assertTrue(r.out().contains("E_MISSING_FIELD field=meta/dependent-vtags"), r.out());
  }

  @Test
  void usageAndIoErrorsExitTwo() {
    assertEquals(2, ToolRun.of("check").exit());
    assertEquals(2, ToolRun.of("check", "--type", "map", "x.json").exit());
    ToolRun missing = ToolRun.of("check", dir.resolve("absent.json").toString());
    assertEquals(2, missing.exit());
    assertTrue(missing.err().contains("no such file"), missing.err());
    assertEquals(2, ToolRun.of("check", EXAMPLES.resolve("networkmap.json").toString(),
        "--network-map", EXAMPLES.resolve("networkmap.json").toString()).exit());
  }

  @Test
  void helpIsAvailableForTheToolAndTheCommand() {
    ToolRun tool = ToolRun.of("--help");
    assertEquals(0, tool.exit());
    assertTrue(tool.out().contains("check"), tool.out());
    ToolRun check = ToolRun.of("check", "--help");
    assertEquals(0, check.exit());
    assertTrue(check.out().contains("Exit codes: 0 valid, 1 invalid, 2 usage or I/O error."), check.out());
  }
}
