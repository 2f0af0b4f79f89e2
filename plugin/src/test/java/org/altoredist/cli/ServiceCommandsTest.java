package org.altoredist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code publish} and {@code serve} as operators run them, with their exit codes. */
class ServiceCommandsTest {

  @TempDir
  Path dir;

  @Test
  void publishWritesEveryResourceItsSignatureAndTheNginxSnippet() throws Exception {
    ToolRun r = ToolRun.of("publish", "--service", "https://alto.example.com/alto/directory", "--out",
        dir.resolve("www").toString(), "--state", dir.resolve("state").toString(), "--url-prefix", "/alto/");
    assertEquals(0, r.exit(), r.err());
    for (String f : new String[] {"directory", "directory.p7s", "networkmap", "networkmap.p7s",
        "costmap/num/routingcost", "costmap/num/routingcost.p7s"}) {
      assertTrue(Files.isRegularFile(dir.resolve("www").resolve(f)), f);
    }
    String nginx = Files.readString(dir.resolve("www/nginx-alto-locations.conf"));
    assertTrue(nginx.contains("location = /alto/networkmap {"), nginx);
    assertTrue(nginx.contains("default_type application/alto-costmap+json;"), nginx);
    ToolRun v = ToolRun.of("verify", "--body", dir.resolve("www/networkmap").toString(), "--signature",
        dir.resolve("www/networkmap.p7s").toString(), "--service", "https://alto.example.com/alto/directory",
        "--anchor", dir.resolve("state/pki/ca.pem").toString(), "--resource-id", "loopback-network-map");
    assertEquals(0, v.exit(), v.out() + v.err());
  }

  @Test
  void publishOfRefusedMapsExitsOneWithTheReasons() throws Exception {
    Path maps = Files.createDirectories(dir.resolve("maps"));
    Files.writeString(maps.resolve("ird.json"), "{\"meta\": {}, \"resources\": {}}");
    ToolRun r = ToolRun.of("publish", "--maps", maps.toString(), "--service", "http://127.0.0.1/directory", "--out",
        dir.resolve("www").toString(), "--state", dir.resolve("state").toString());
    assertEquals(1, r.exit(), r.err());
    assertTrue(r.err().contains("E_MISSING_FIELD field=meta/default-alto-network-map"), r.err());
  }

  @Test
  void serveNeedsAServiceUriWhenItsPortIsPickedAtRandom() {
    ToolRun r = ToolRun.of("serve", "--http-port", "0", "--state", dir.resolve("state").toString());
    assertEquals(2, r.exit());
    assertTrue(r.err().contains("give --service"), r.err());
  }

  @Test
  void serveAndPublishHaveHelp() {
    for (String c : new String[] {"serve", "publish"}) {
      ToolRun r = ToolRun.of(c, "--help");
      assertEquals(0, r.exit());
      assertTrue(r.out().contains("Usage:"), r.out());
    }
  }
}
