package org.altoredist.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The check command on the bundled maps, run from the built jar in its own JVM. */
class CheckCommandIT {

  private static final Duration DEADLINE = Duration.ofSeconds(60);

  @TempDir
  Path dir;

  @Test
  void checkValidatesTheBundledMaps() throws Exception {
    Path examples = ToolProcess.examples();
    ToolProcess r = ToolProcess.run(DEADLINE, "check", examples.resolve("costmap.json").toString(),
        "--network-map", examples.resolve("networkmap.json").toString());
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("costmap: 5 PIDs, 25 costs"), r.out());
  }

  @Test
  void aBrokenMapFileExitsOneWithItsErrors() throws Exception {
    Path broken = Files.writeString(dir.resolve("broken.json"), "{\"meta\":{},\"network-map\":{\"P\":{\"ipv4\":[\"1.2.3.4/8\"]}}}");
    ToolProcess r = ToolProcess.run(DEADLINE, "check", broken.toString());
    assertEquals(1, r.exit(), r.err());
    assertTrue(r.out().contains("E_MISSING_FIELD field=meta/vtag"), r.out());
    assertTrue(r.out().contains("did you mean 1.0.0.0/8?"), r.out());
  }

  @Test
  void versionAndHelpWork() throws Exception {
    ToolProcess v = ToolProcess.run(DEADLINE, "--version");
    assertEquals(0, v.exit(), v.err());
    assertTrue(v.out().startsWith("altoredist 0."), v.out());
  }
}
