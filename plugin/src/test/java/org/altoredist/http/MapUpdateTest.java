package org.altoredist.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.altoredist.alto.AltoDocuments;
import org.altoredist.alto.CostMap;
import org.altoredist.alto.NetworkMap;
import org.altoredist.trust.Expectation;
import org.altoredist.trust.ResourceVerifier;
import org.altoredist.trust.VerifiedResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server republishing as the operator edits map files: a good change gets a new vtag and a
 * higher sequence; a bad one leaves the previous version in service and is logged with its reason;
 * a restart never lowers a sequence; signatures are renewed at half-life.
 */
class MapUpdateTest {

  static final URI SERVICE = URI.create("http://127.0.0.1/directory");
  static final String NM = "loopback-network-map";
  static final String CM = "loopback-routingcost";

  @TempDir
  Path dir;

  @Test
  void goodChangeGetsANewVtagAndAHigherSequenceAndTheCostMapFollows() throws Exception {
    Path maps = Fixtures.copyExamples(dir);
    try (AltoServer s = start(maps)) {
      VerifiedResource nm1 = fetch(s, NM, "networkmap");
      VerifiedResource cm1 = fetch(s, CM, "costmap/num/routingcost");
      replaceInFile(maps.resolve("networkmap.json"), "\"pid-4\": { \"ipv4\": [ \"127.0.4.0/24\" ] },",
          "\"pid-4\": { \"ipv4\": [ \"127.0.4.0/24\" ] },\n    \"pid-5\": { \"ipv4\": [ \"127.0.5.0/24\" ] },");
      Fixtures.await("the new network map is served", () -> !vtagOf(s).equals(nm1.descriptor().vtag().tag()));
      VerifiedResource nm2 = fetch(s, NM, "networkmap");
      VerifiedResource cm2 = fetch(s, CM, "costmap/num/routingcost");
      assertTrue(nm2.descriptor().sequence() > nm1.descriptor().sequence());
      assertEquals("pid-5", ((NetworkMap) nm2.document()).pidOf(Fixtures.host(5, 1)));
      assertTrue(cm2.descriptor().sequence() > cm1.descriptor().sequence());
      assertEquals(nm2.descriptor().vtag(), ((CostMap) cm2.document()).dependentVtag());
      assertTrue(s.stats().rejected().isEmpty(), s.stats().rejected().toString());
    }
  }

  @Test
  void invalidChangeLeavesThePreviousVersionInServiceAndLogsTheReason() throws Exception {
    Path maps = Fixtures.copyExamples(dir);
    try (AltoServer s = start(maps); LogCapture log = new LogCapture()) {
      byte[] before = Fixtures.get(s.httpDirectory().resolve("networkmap")).body();
      replaceInFile(maps.resolve("networkmap.json"), "127.0.3.0/24", "127.0.3.1/24");
      Rejection r = awaitRejection(s, "E_INVALID_FIELD_VALUE field=network-map/pid-3/ipv4/0");
      assertTrue(r.file().endsWith("networkmap.json"), r.toString());
      assertEquals(NM, r.resource());
      assertTrue(r.reason().startsWith("E_INVALID_FIELD_VALUE field=network-map/pid-3/ipv4/0"), r.reason());
      assertArrayEquals(before, Fixtures.get(s.httpDirectory().resolve("networkmap")).body());
      Fixtures.await("the refusal is logged", () -> log.text().contains("refused map file " + r.file()
          + " (resource " + NM + "): E_INVALID_FIELD_VALUE"));
    }
  }

  @Test
  void networkMapChangeThatWouldStrandTheCostMapIsRefused() throws Exception {
    Path maps = Fixtures.copyExamples(dir);
    try (AltoServer s = start(maps)) {
      String vtag = vtagOf(s);
      replaceInFile(maps.resolve("networkmap.json"), "\"pid-4\": { \"ipv4\": [ \"127.0.4.0/24\" ] },", "");
      awaitRejection(s, "cost map costmap.json (" + CM + ") would no longer fit it");
      assertEquals(vtag, vtagOf(s));
    }
  }

  @Test
  void costMapNamingAPidTheNetworkMapLacksIsRefused() throws Exception {
    Path maps = Fixtures.copyExamples(dir);
    try (AltoServer s = start(maps)) {
      byte[] before = Fixtures.get(s.httpDirectory().resolve("costmap/num/routingcost")).body();
      replaceInFile(maps.resolve("costmap.json"), "\"pid-1\": { \"pid-1\": 1,", "\"pid-9\": { \"pid-1\": 1,");
      s.rescan();
      Rejection r = s.stats().rejected().get(0);
      assertEquals(CM, r.resource());
      assertTrue(r.reason().contains("field=cost-map/pid-9"), r.reason());
      assertArrayEquals(before, Fixtures.get(s.httpDirectory().resolve("costmap/num/routingcost")).body());
    }
  }

  @Test
  void deletedFileKeepsItsLastVersionInService() throws Exception {
    Path maps = Fixtures.copyExamples(dir);
    try (AltoServer s = start(maps)) {
      byte[] before = Fixtures.get(s.httpDirectory().resolve("costmap/num/routingcost")).body();
      Files.delete(maps.resolve("costmap.json"));
      assertEquals(CM, awaitRejection(s, "the file is gone").resource());
      assertArrayEquals(before, Fixtures.get(s.httpDirectory().resolve("costmap/num/routingcost")).body());
    }
  }

  @Test
  void newResourceIsPublishedOnceItsMapIsThereAndADuplicateIsRefused() throws Exception {
    Path maps = Fixtures.copyExamples(dir);
    try (AltoServer s = start(maps)) {
      String ordinal = Files.readString(maps.resolve("costmap.json")).replace("numerical", "ordinal");
      Files.writeString(maps.resolve("ordinal.json"), ordinal);
      replaceInFile(maps.resolve("ird.json"), "\"default-alto-network-map\"",
          "\"ord-routing\": { \"cost-mode\": \"ordinal\", \"cost-metric\": \"routingcost\" } },"
              + " \"default-alto-network-map\"");
      replaceInFile(maps.resolve("ird.json"), "\"description\": \"loopback demo routing cost\" }\n    },",
          "\"description\": \"loopback demo routing cost\" },");
      replaceInFile(maps.resolve("ird.json"), "\"resources\": {", "\"resources\": {\n    \"loopback-ordinal\": {"
          + " \"uri\": \"costmap/ord/routingcost\", \"media-type\": \"application/alto-costmap+json\","
          + " \"capabilities\": { \"cost-type-names\": [ \"ord-routing\" ] }, \"uses\": [ \"" + NM + "\" ] },");
      Fixtures.await("the ordinal cost map is served",
          () -> status(s, "costmap/ord/routingcost") == 200 && s.stats().rejected().isEmpty());
      VerifiedResource ord = fetch(s, "loopback-ordinal", "costmap/ord/routingcost");
      assertEquals("ordinal", ((CostMap) ord.document()).costType().mode());

      Files.copy(maps.resolve("networkmap.json"), maps.resolve("networkmap-copy.json"));
      Rejection r = awaitRejection(s, "provides " + NM + ", which networkmap.json already provides");
      assertTrue(r.file().endsWith("networkmap-copy.json"), r.toString());
    }
  }

  @Test
  void irdNamingAResourceNoFileProvidesIsRefused() throws Exception {
    Path maps = Fixtures.copyExamples(dir);
    try (AltoServer s = start(maps)) {
      replaceInFile(maps.resolve("ird.json"), "\"resources\": {", "\"resources\": {\n    \"second-map\": {"
          + " \"uri\": \"networkmap2\", \"media-type\": \"application/alto-networkmap+json\" },");
      awaitRejection(s, "the IRD names second-map, but no valid map file provides it");
      assertEquals(404, status(s, "networkmap2"));
      assertEquals(200, status(s, "networkmap"));
    }
  }

  @Test
  void restartedServerNeverReusesOrLowersASequence() throws Exception {
    Path maps = Fixtures.copyExamples(dir);
    long nm;
    long ird;
    try (AltoServer s = start(maps)) {
      nm = fetch(s, NM, "networkmap").descriptor().sequence();
      ird = fetch(s, null, "directory").descriptor().sequence();
    }
    try (AltoServer s = start(maps)) {
      assertTrue(fetch(s, NM, "networkmap").descriptor().sequence() > nm);
      assertTrue(fetch(s, null, "directory").descriptor().sequence() > ird);
    }
  }

  @Test
  void signatureIsRenewedAtHalfLifeWithTheSameBody() throws Exception {
    Fixtures.MutableClock clock = new Fixtures.MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    ServiceConfig c = ServiceConfig.of(Fixtures.copyExamples(dir), dir.resolve("state"), SERVICE).withClock(clock)
        .withLifetime(Duration.ofHours(2));
    try (AltoServer s = AltoServer.builder(c).bind(Fixtures.host(1, 11)).start()) {
      URI at = s.httpDirectory().resolve("networkmap");
      String etag = Fixtures.get(at).headers().firstValue("ETag").orElseThrow();
      byte[] sig = Fixtures.get(s.httpDirectory().resolve("networkmap.p7s")).body();
      clock.advance(Duration.ofMinutes(59));
      s.rescan();
      assertArrayEquals(sig, Fixtures.get(s.httpDirectory().resolve("networkmap.p7s")).body());
      clock.advance(Duration.ofMinutes(2));
      s.rescan();
      assertNotEquals(new String(sig, StandardCharsets.ISO_8859_1),
          new String(Fixtures.get(s.httpDirectory().resolve("networkmap.p7s")).body(), StandardCharsets.ISO_8859_1));
      assertEquals(etag, Fixtures.get(at).headers().firstValue("ETag").orElseThrow());
    }
  }

  @Test
  void serverWithoutAServableIrdDoesNotStart() throws Exception {
    Path maps = Fixtures.copyExamples(dir);
    replaceInFile(maps.resolve("ird.json"), "\"uri\": \"networkmap\"", "\"uri\": \"/networkmap\"");
    IOException e = assertThrows(IOException.class, () -> start(maps));
    assertTrue(e.getMessage().contains("field=resources/loopback-network-map/uri"), e.getMessage());
  }

  private AltoServer start(Path maps) throws IOException {
    return AltoServer.builder(ServiceConfig.of(maps, dir.resolve("state"), SERVICE)).bind(Fixtures.host(1, 12)).start();
  }

  /** Fetches a body and its signature and verifies them as the service's. */
  static VerifiedResource fetch(AltoServer s, String id, String path) throws Exception {
    byte[] body = Fixtures.get(s.httpDirectory().resolve(path)).body();
    byte[] sig = Fixtures.get(s.httpDirectory().resolve(path + ".p7s")).body();
    return new ResourceVerifier(Fixtures.trust(s)).verifyDetached(body, sig, Expectation.fromOrigin(id));
  }

  /**
   * Waits for a refusal whose reason starts with {@code reason}. Edits are not atomic, so the
   * watcher may first see (and refuse) a half-written file; only the final reason is asserted.
   */
  static Rejection awaitRejection(AltoServer s, String reason) throws InterruptedException {
    Fixtures.await("a refusal: " + reason,
        () -> s.stats().rejected().stream().anyMatch(r -> r.reason().startsWith(reason)));
    return s.stats().rejected().stream().filter(r -> r.reason().startsWith(reason)).findFirst().orElseThrow();
  }

  private static int status(AltoServer s, String path) {
    try {
      return Fixtures.get(s.httpDirectory().resolve(path)).statusCode();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static String vtagOf(AltoServer s) {
    try {
      return AltoDocuments.parseNetworkMap(Fixtures.get(s.httpDirectory().resolve("networkmap")).body()).vtag().tag();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static void replaceInFile(Path f, String from, String to) throws IOException {
    String text = Files.readString(f);
    assertTrue(text.contains(from), from);
    Files.writeString(f, text.replace(from, to));
  }
}
