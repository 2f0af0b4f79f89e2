package org.altoredist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code publish}, {@code serve} and {@code fetch-maps} as operators and clients run them, with their exit codes. */
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
  void publishSaysWhereItKeptItsStateAndWhichDemoCaToAnchorOn() {
    Path state = dir.resolve("state");
    ToolRun r = ToolRun.of("publish", "--service", "https://alto.example.com/alto/directory", "--out",
        dir.resolve("www").toString(), "--state", state.toString());
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("\nstate: " + state.toAbsolutePath() + " "), r.out());
    Path ca = state.resolve("pki/ca.pem").toAbsolutePath();
    assertTrue(Files.isRegularFile(ca), ca::toString);
    assertTrue(r.out().contains("\ndemo CA: " + ca + " "), r.out());
  }

  @Test
  void publishRefusesAStateDirectoryInsideTheDirectoryItServes() {
    Path www = dir.resolve("www");
    ToolRun r = ToolRun.of("publish", "--service", "https://alto.example.com/alto/directory", "--out",
        www.toString(), "--state", www.resolve(".state").toString());
    assertEquals(2, r.exit(), r.out());
    assertTrue(r.err().contains("lies inside " + www), r.err());
    assertFalse(Files.exists(www), "nothing written, no private key under the served directory");
  }

  @Test
  void publishWithUpstreamSignsTheUpstreamsMapsByteForByte() throws Exception {
    try (org.altoredist.http.UpstreamSite up = new org.altoredist.http.UpstreamSite(dir.resolve("up"),
        java.net.InetAddress.getByName("127.0.6.90"), java.nio.file.Path.of("examples"))) {
      ToolRun r = ToolRun.of("publish", "--upstream", up.directory().toString(), "--service",
          "https://alto.example.com/alto/directory", "--out", dir.resolve("www").toString(), "--state",
          dir.resolve("state").toString(), "--url-prefix", "/alto/");
      assertEquals(0, r.exit(), r.err());
      org.junit.jupiter.api.Assertions.assertArrayEquals(up.read("networkmap"),
          Files.readAllBytes(dir.resolve("www/maps/loopback-network-map")));
      ToolRun v = ToolRun.of("verify", "--body", dir.resolve("www/maps/loopback-routingcost").toString(), "--signature",
          dir.resolve("www/maps/loopback-routingcost.p7s").toString(), "--service",
          "https://alto.example.com/alto/directory", "--anchor", dir.resolve("state/pki/ca.pem").toString(),
          "--resource-id", "loopback-routingcost");
      assertEquals(0, v.exit(), v.out() + v.err());
    }
    ToolRun both = ToolRun.of("publish", "--upstream", "http://127.0.0.1/directory", "--maps", dir.toString(),
        "--service", "https://alto.example.com/directory", "--out", dir.resolve("www2").toString());
    assertEquals(2, both.exit());
    assertTrue(both.err().contains("--maps or --upstream"), both.err());
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
  void fetchVerifiesWhatServeServesAndSavesBundles() throws Exception {
    java.net.URI service = java.net.URI.create("http://127.0.0.1/directory");
    try (org.altoredist.http.AltoServer s = org.altoredist.http.AltoServer.builder(
        org.altoredist.http.ServiceConfig.of(null, dir.resolve("state"), service)).start()) {
      String ca = s.demoCa().toString();
      ToolRun r = ToolRun.of("fetch-maps", "--service", service.toString(), "--location", s.httpDirectory().toString(),
          "--anchor", ca, "--out", dir.resolve("got").toString());
      assertEquals(0, r.exit(), r.err());
      assertTrue(r.out().startsWith("verified the root IRD (application/alto-directory+json"), r.out());
      assertTrue(r.out().contains("\nverified loopback-network-map (application/alto-networkmap+json, 406 bytes)"),
          r.out());
      assertTrue(java.nio.file.Files.isRegularFile(dir.resolve("got/directory.arsr")), "the IRD is saved for seeders too");
      ToolRun v = ToolRun.of("verify", dir.resolve("got/loopback-routingcost.arsr").toString(), "--service",
          service.toString(), "--anchor", ca);
      assertEquals(0, v.exit(), v.out() + v.err());
      ToolRun wrong = ToolRun.of("fetch-maps", "--service", "http://127.0.0.1/other", "--location",
          s.httpDirectory().toString(), "--anchor", ca);
      assertEquals(1, wrong.exit());
      assertTrue(wrong.err().contains("REFUSED"), wrong.err());
      assertEquals(1, ToolRun.of("fetch-maps", "--service", service.toString(), "--location", s.httpDirectory().toString(),
          "--anchor", ca, "--resource-id", "nope").exit());
    }
  }

  @Test
  void serveNeedsAServiceUriWhenItsPortIsPickedAtRandom() {
    ToolRun r = ToolRun.of("serve", "--http-port", "0", "--state", dir.resolve("state").toString());
    assertEquals(2, r.exit());
    assertTrue(r.err().contains("give --service"), r.err());
  }

  @Test
  void serveFetchAndPublishHaveHelp() {
    for (String c : new String[] {"serve", "publish", "fetch-maps"}) {
      ToolRun r = ToolRun.of(c, "--help");
      assertEquals(0, r.exit());
      assertTrue(r.out().contains("Usage:"), r.out());
    }
  }
}
