package org.altoredist.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's main command, {@code demo}, run from the built jar in its own JVM as a newcomer runs
 * it (smaller, so the build stays quick): it must end with every peer complete, the maps at every
 * ALTO peer, at most one ALTO-server request per map version, and an HTML report.
 */
class DemoCommandIT {

  private static final Duration DEADLINE = Duration.ofMinutes(3);
  private static final Pattern REQUESTS =
      Pattern.compile("ALTO-server requests\\s+(\\d+) \\(without redistribution: (\\d+), map versions: (\\d+)\\)");

  @TempDir
  Path dir;

  @Test
  void readmeMainCommandRunsASwarmAndReportsWhatRedistributionSaved() throws Exception {
    ToolProcess r = ToolProcess.run(DEADLINE, "demo", "--peers", "4", "--vanilla", "2", "--pids", "2",
        "--content-size", "4", "--timeout", "PT2M", "--out", dir.toString());
    assertEquals(0, r.exit(), r.out() + r.err());
    Matcher m = REQUESTS.matcher(r.out());
    assertTrue(m.find(), r.out());
    long requests = Long.parseLong(m.group(1));
    long without = Long.parseLong(m.group(2));
    long versions = Long.parseLong(m.group(3));
    assertTrue(requests <= versions, "at most one request per map version: " + m.group());
    assertEquals(5 * versions, without, "without redistribution each of the 5 ALTO peers asks for each version");
    assertTrue(r.out().contains("ALTO peers holding verified maps             5 of 5"), r.out());
    assertTrue(r.out().contains("peers that completed the content             7 of 7"), r.out());
    String html = Files.readString(dir.resolve("report.html"));
    assertTrue(html.contains("<svg"), "the HTML report has its charts");
  }

  @Test
  void theDemoAsJsonCarriesTheSameReport() throws Exception {
    ToolProcess r = ToolProcess.run(DEADLINE, "demo", "--peers", "2", "--vanilla", "1", "--pids", "2",
        "--content-size", "1", "--timeout", "PT2M", "--json", "--out", dir.toString());
    assertEquals(0, r.exit(), r.out() + r.err());
    assertTrue(r.out().contains("\"serverRequestsWithoutRedistribution\" : 9"), r.out());
  }

  @Test
  void nonsenseOptionsExitTwo() throws Exception {
    ToolProcess r = ToolProcess.run(Duration.ofSeconds(60), "demo", "--peers", "0");
    assertEquals(2, r.exit(), r.out() + r.err());
  }
}
