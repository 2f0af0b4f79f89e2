package org.altoredist.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.altoredist.trust.DeltaBundle;
import org.altoredist.trust.SignedBundle;
import org.altoredist.trust.VerifiedResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server's delta bundles (alto-http.md §4.10): each new version of a map comes with the delta
 * from each of the {@link DeltaHistory#KEPT_BASES} versions before it, at
 * {@code <path>.delta/<base handle>}, byte for byte the delta any node makes from the same two
 * bundles; anything else there is 404; they survive a restart; a client holding the base fetches
 * the delta instead of the body.
 */
class DeltaServeTest {

  static final URI SERVICE = URI.create("http://127.0.0.1/alto/directory");
  static final String NM = "loopback-network-map";

  @TempDir
  Path dir;

  @Test
  void eachNewVersionHasADeltaFromEachOfTheLastThreeVersionsAndNoOther() throws Exception {
    Path maps = Fixtures.copyExamples(dir);
    try (AltoServer s = start(maps)) {
      List<SignedBundle> versions = new ArrayList<>();
      versions.add(bundle(s));
      for (int pid = 5; pid <= 8; pid++) {
        addPid(maps, pid);
        s.rescan();
        versions.add(bundle(s));
      }
      SignedBundle current = versions.get(versions.size() - 1);
      for (int i = versions.size() - 1 - DeltaHistory.KEPT_BASES; i < versions.size() - 1; i++) {
        HttpResponse<byte[]> r = Fixtures.get(deltaUri(s, versions.get(i)));
        assertEquals(200, r.statusCode(), "delta from version " + i);
        assertEquals(DeltaHistory.MEDIA_TYPE, r.headers().firstValue("Content-Type").orElseThrow());
        assertArrayEquals(DeltaBundle.between(versions.get(i), current).encoded(), r.body(),
            "the server's delta is the one every node makes from the same two bundles");
        assertArrayEquals(current.encoded(), DeltaBundle.parse(r.body()).rebuild(versions.get(i)).encoded());
        assertTrue(r.body().length < current.encoded().length, r.body().length + " of " + current.encoded().length);
        String etag = r.headers().firstValue("ETag").orElseThrow();
        assertEquals(Snapshot.etag(r.body()), etag);
        assertEquals(304, Fixtures.get(deltaUri(s, versions.get(i)), "If-None-Match", etag).statusCode());
      }
      assertEquals(404, Fixtures.get(deltaUri(s, versions.get(0))).statusCode(), "older than kept");
      assertEquals(404, Fixtures.get(deltaUri(s, current)).statusCode(), "nothing leads from the current version");
      assertEquals(404, Fixtures.get(s.httpDirectory().resolve("networkmap.delta/00")).statusCode());
      try (var files = Files.walk(dir.resolve("state").resolve(DeltaHistory.DIR))) {
        assertEquals(2 * (DeltaHistory.KEPT_BASES + 1), files.filter(p -> p.toString().endsWith(".arsr")).count(),
            "the state keeps the current version and the kept bases of each map (network map, cost map)");
      }
    }
  }

  @Test
  void aRestartedServerOffersADeltaFromTheVersionPeersHeldBeforeIt() throws Exception {
    Path maps = Fixtures.copyExamples(dir);
    SignedBundle before;
    try (AltoServer s = start(maps)) {
      before = bundle(s);
    }
    addPid(maps, 5);
    try (AltoServer s = start(maps)) {
      HttpResponse<byte[]> r = Fixtures.get(deltaUri(s, before));
      assertEquals(200, r.statusCode());
      assertArrayEquals(bundle(s).encoded(), DeltaBundle.parse(r.body()).rebuild(before).encoded());
    }
  }

  @Test
  void clientHoldingTheBaseFetchesTheDeltaAndNotTheBody() throws Exception {
    Path maps = Fixtures.copyExamples(dir);
    try (AltoServer s = start(maps)) {
      AltoClient c = AltoClient.builder(Fixtures.trust(s)).directoryLocation(s.httpDirectory()).build();
      VerifiedResource v1 = c.fetch(NM);
      addPid(maps, 5);
      s.rescan();
      VerifiedResource v2 = c.fetch(NM);
      ServerStats.ResourceStats st = s.stats().resource(NM);
      assertEquals(1, st.requests(), "only the first version's body was downloaded: " + st);
      assertEquals(1, st.deltaRequests(), st.toString());
      assertTrue(v2.descriptor().sequence() > v1.descriptor().sequence());
      VerifiedResource again = c.fetch(NM);
      st = s.stats().resource(NM);
      assertEquals(1, st.requests(), "nothing downloaded while nothing changed: " + st);
      assertEquals(1, st.deltaRequests(), st.toString());
      assertArrayEquals(bundle(s).encoded(), v2.bundle().encoded());
      assertArrayEquals(v2.bundle().encoded(), again.bundle().encoded());
    }
  }

  @Test
  void clientWithABaseTooOldGetsTheBodyWhole() throws Exception {
    Path maps = Fixtures.copyExamples(dir);
    try (AltoServer s = start(maps)) {
      AltoClient c = AltoClient.builder(Fixtures.trust(s)).directoryLocation(s.httpDirectory()).build();
      c.fetch(NM);
      for (int pid = 5; pid <= 5 + DeltaHistory.KEPT_BASES; pid++) {
        addPid(maps, pid);
        s.rescan();
      }
      SignedBundle got = c.fetch(NM).bundle();
      ServerStats.ResourceStats st = s.stats().resource(NM);
      assertEquals(2, st.requests(), "the delta asked for was not there (404), so the body came whole: " + st);
      assertEquals(0, st.deltaRequests(), st.toString());
      assertArrayEquals(bundle(s).encoded(), got.encoded());
    }
  }

  @Test
  void publishWritesTheDeltasAndRemovesThoseFromBasesNoLongerKept() throws Exception {
    Path maps = Fixtures.copyExamples(dir);
    ServiceConfig config = ServiceConfig.of(maps, dir.resolve("state"), SERVICE);
    Path www = dir.resolve("www");
    StaticSite.publish(config, www, "/alto/");
    SignedBundle first = fileBundle(www);
    List<SignedBundle> versions = new ArrayList<>(List.of(first));
    for (int pid = 5; pid <= 5 + DeltaHistory.KEPT_BASES; pid++) {
      addPid(maps, pid);
      StaticSite.publish(config, www, "/alto/");
      versions.add(fileBundle(www));
    }
    SignedBundle current = versions.get(versions.size() - 1);
    Path deltas = www.resolve("networkmap" + DeltaHistory.PATH_SUFFIX);
    assertEquals(DeltaHistory.KEPT_BASES, Files.list(deltas).count());
    assertFalse(Files.exists(deltas.resolve(hex(first))), "the oldest base's delta is gone");
    for (SignedBundle base : versions.subList(1, versions.size() - 1)) {
      assertArrayEquals(current.encoded(),
          DeltaBundle.parse(Files.readAllBytes(deltas.resolve(hex(base)))).rebuild(base).encoded());
    }
    String nginx = Files.readString(www.resolve(StaticSite.NGINX_SNIPPET));
    assertTrue(nginx.contains("location ^~ /alto/networkmap.delta/ {\n    alias \"" + deltas.toAbsolutePath() + "/\";\n"
        + "    types { }\n    default_type " + DeltaHistory.MEDIA_TYPE + ";"), nginx);
  }

  static void addPid(Path maps, int pid) throws Exception {
    Path f = maps.resolve("networkmap.json");
    String anchor = "\"pid-4\": { \"ipv4\": [ \"127.0.4.0/24\" ] },";
    String s = Files.readString(f, StandardCharsets.UTF_8);
    assertTrue(s.contains(anchor));
    Files.writeString(f, s.replace(anchor, anchor + "\n    \"pid-" + pid + "\": { \"ipv4\": [ \"127.0." + pid
        + ".0/24\" ] },"), StandardCharsets.UTF_8);
  }

  private AltoServer start(Path maps) throws Exception {
    return AltoServer.builder(ServiceConfig.of(maps, dir.resolve("state"), SERVICE)).bind(Fixtures.host(4, 13))
        .pathPrefix("/alto/").start();
  }

  private static SignedBundle bundle(AltoServer s) throws Exception {
    return SignedBundle.of(Fixtures.get(s.httpDirectory().resolve("networkmap.p7s")).body(),
        Fixtures.get(s.httpDirectory().resolve("networkmap")).body());
  }

  private static SignedBundle fileBundle(Path www) throws Exception {
    return SignedBundle.of(Files.readAllBytes(www.resolve("networkmap.p7s")), Files.readAllBytes(www.resolve("networkmap")));
  }

  private static URI deltaUri(AltoServer s, SignedBundle base) {
    return s.httpDirectory().resolve("networkmap" + DeltaHistory.PATH_SUFFIX + hex(base));
  }

  static String hex(SignedBundle b) {
    return HexFormat.of().formatHex(DeltaBundle.handleOf(b));
  }
}
