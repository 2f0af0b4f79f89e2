package org.altoredist.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's main command, {@code demo}, run from the built jar in its own JVM as a newcomer runs
 * it (smaller, so the build stays quick): it must end with every peer complete, the maps at every
 * ALTO peer, at most one ALTO-server request per map version and an HTML report, print no log
 * lines, and leave no content behind.
 */
class DemoCommandIT {

  private static final Duration DEADLINE = Duration.ofMinutes(3);
  private static final Pattern REQUESTS =
      Pattern.compile("ALTO-server requests\\s+(\\d+) \\(without redistribution: (\\d+), map versions: (\\d+)\\)");
  /** One JSON document and nothing after it. */
  static final ObjectMapper STRICT_JSON = JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

  @TempDir
  Path dir;

  @Test
  void readmeMainCommandRunsASwarmAndReportsWhatRedistributionSaved() throws Exception {
    Path work = dir.resolve("work");
    Path report = dir.resolve("r.html");
    ToolProcess r = ToolProcess.run(DEADLINE, "demo", "--peers", "4", "--vanilla", "2", "--pids", "2",
        "--content-size", "4", "--timeout", "PT2M", "--out", work.toString(), "--report", report.toString());
    assertEquals(0, r.exit(), r.out() + r.err());
    Matcher m = REQUESTS.matcher(r.out());
    assertTrue(m.find(), r.out());
    long requests = Long.parseLong(m.group(1));
    long without = Long.parseLong(m.group(2));
    long versions = Long.parseLong(m.group(3));
    assertTrue(requests <= versions, "at most one request per map version: " + m.group());
    assertEquals(5 * versions, without, "without redistribution each of the 5 ALTO peers asks for each version");
    assertTrue(r.out().matches("(?s).*ALTO peers holding verified maps\\s+5 of 5.*"), r.out());
    assertTrue(r.out().matches("(?s).*peers that completed the content\\s+7 of 7.*"), r.out());
    assertTrue(r.out().matches("(?s).*completion, ALTO peers\\s+4 of 4 done; median [0-9.]+ s, p90 [0-9.]+ s, slowest.*"),
        r.out());
    assertTrue(Files.readString(report).contains("<svg"), "the HTML report has its charts");
    assertTrue(r.out().contains("report: " + report.toAbsolutePath()), r.out());
    assertFalse(r.out().contains(" INFO ") || r.err().contains(" INFO "), "the log stays in demo.log:\n" + r.out() + r.err());
    assertTrue(Files.readString(work.resolve("demo.log")).contains(" INFO "), "the log is in the run directory");
    try (Stream<Path> left = Files.walk(work)) {
      assertEquals(1, left.filter(Files::isRegularFile).count(), "only the log is left behind");
    }
  }

  @Test
  void theDemoAsJsonPrintsOneJsonDocumentAndNothingElse() throws Exception {
    ToolProcess r = ToolProcess.run(DEADLINE, "demo", "--peers", "2", "--vanilla", "1", "--pids", "2",
        "--content-size", "1", "--timeout", "PT2M", "--json", "--out", dir.resolve("work").toString(),
        "--report", dir.resolve("r.html").toString());
    assertEquals(0, r.exit(), r.out() + r.err());
    JsonNode report = STRICT_JSON.readTree(r.out());
    assertEquals(9, report.get("serverRequestsWithoutRedistribution").asLong(), r.out());
    assertEquals(2, report.get("altoCompletion").get("completed").asInt(), r.out());
    assertTrue(r.err().contains("report: "), "where the report went is said on stderr: " + r.err());
  }

  @Test
  void keepLeavesTheContentForInspection() throws Exception {
    Path work = dir.resolve("work");
    ToolProcess r = ToolProcess.run(DEADLINE, "demo", "--peers", "1", "--vanilla", "1", "--pids", "1",
        "--content-size", "1", "--timeout", "PT2M", "--keep", "--out", work.toString(), "--report",
        dir.resolve("r.html").toString());
    assertEquals(0, r.exit(), r.out() + r.err());
    assertTrue(Files.isRegularFile(work.resolve("seed/content.bin")), "the content stays with --keep");
  }

  @Test
  void nonsenseOptionsExitTwo() throws Exception {
    assertEquals(2, ToolProcess.run(Duration.ofSeconds(60), "demo", "--peers", "0").exit());
    ToolProcess r = ToolProcess.run(Duration.ofSeconds(60), "demo", "--layout", "nowhere");
    assertEquals(2, r.exit());
    assertTrue(r.err().contains("--layout must be one of"), r.err());
  }
}
