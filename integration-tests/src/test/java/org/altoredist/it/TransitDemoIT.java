package org.altoredist.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code demo --transit-mbit}: as root (CI is), both runs happen in namespaces of their own, every
 * peer completes in each, the report compares them, and no namespace is left behind; without root
 * the option is refused with a reason. Whether scarce transit favours the plugin is a benchmark's
 * question (BENCHMARKS.md), not a test's.
 */
class TransitDemoIT {

  private static final Duration DEADLINE = Duration.ofMinutes(5);

  @TempDir
  Path dir;

  @Test
  void transitShapedRunsBothSwarmsSideBySideOrRefusesWithoutRoot() throws Exception {
    boolean root = Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
    ToolProcess r = ToolProcess.run(DEADLINE, "demo", "--transit-mbit", "16", "--peers", "4", "--vanilla", "2",
        "--pids", "2", "--content-size", "2", "--timeout", "PT2M", "--json", "--out", dir.resolve("work").toString(),
        "--report", dir.resolve("transit.html").toString());
    if (!root) {
      assertEquals(2, r.exit(), r.out() + r.err());
      assertTrue(r.err().contains("--transit-mbit needs root"), r.err());
      return;
    }
    assertEquals(0, r.exit(), r.out() + r.err());
    JsonNode t = DemoCommandIT.STRICT_JSON.readTree(r.out());
    assertEquals(16, t.get("transitMbit").asInt());
    assertEquals(6, t.get("vanillaAll").get("completed").asInt(), "every peer of the vanilla run completed");
    assertEquals(6, t.get("all").get("completed").asInt(), "every peer of the plugin run completed");
    assertEquals(0, t.get("vanilla").get("altoCompletion").get("peers").asInt(), "the baseline has no ALTO peer");
    assertEquals(6, t.get("plugin").get("altoCompletion").get("peers").asInt(), "every peer runs the plugin");
    assertTrue(Files.readString(dir.resolve("transit.html")).contains("Every peer vanilla"));
    // The namespaces this run made (other builds on the machine may be running theirs).
    Matcher made = Pattern.compile("in network namespace (\\S+)").matcher(r.err());
    int count = 0;
    Process list = new ProcessBuilder("ip", "netns", "list").start();
    String namespaces = new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    list.waitFor();
    while (made.find()) {
      count++;
      assertFalse(namespaces.contains(made.group(1)), "namespace " + made.group(1) + " left behind:\n" + namespaces);
    }
    assertEquals(2, count, "one namespace per run: " + r.err());
  }
}
