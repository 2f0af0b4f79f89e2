package org.altoredist.trust;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Delta bundles (signed-resources.md §4.1) against bep-extension-spec/vectors/delta/: the committed
 * bytes are what the generator builds, each vector ends as index.json says, and a rebuilt target
 * verifies like any bundle. Run with {@code -Daltoredist.vectors.regenerate=true} to rewrite them.
 */
class DeltaBundleTest {

  static final Path DIR = SignedVectorsTest.DIR.resolveSibling("delta");
  private static JsonNode index;

  @BeforeAll
  static void load() throws IOException {
    if (Boolean.getBoolean("altoredist.vectors.regenerate")) {
      DeltaVectors.main(new String[] {DIR.toString()});
    }
    index = new ObjectMapper().readTree(DIR.resolve("index.json").toFile());
  }

  @Test
  void committedVectorsAreRebuiltByteForByte() throws IOException {
    VectorFiles.assertCommitted(DIR, DeltaVectors.build().allFiles());
  }

  static Stream<JsonNode> vectors() throws IOException {
    load();
    List<JsonNode> out = new ArrayList<>();
    index.get("vectors").forEach(out::add);
    return out.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void vectorEndsAsIndexed(JsonNode v) throws Exception {
    byte[] delta = Files.readAllBytes(DIR.resolve(v.get("delta").asText()));
    assertEquals(v.get("delta-sha256-hex").asText(), HexFormat.of().formatHex(DeltaBundle.sha256(delta)));
    SignedBundle base = SignedBundle.parse(Files.readAllBytes(DIR.resolve(v.get("base").asText())));
    String expected = v.get("expected").asText();
    if (expected.equals(DeltaVectors.REBUILT)) {
      byte[] target = Files.readAllBytes(DIR.resolve(v.get("target").asText()));
      SignedBundle rebuilt = DeltaBundle.parse(delta).rebuild(base);
      assertArrayEquals(target, rebuilt.encoded());
      assertEquals(v.get("target-sha256-hex").asText(), HexFormat.of().formatHex(DeltaBundle.sha256(target)));
      VerifiedResource r = verifier().verify(rebuilt.encoded(), Expectation.fromPeer("my-default-network-map")
          .withHeldSequence(7));
      assertEquals(8, r.descriptor().sequence());
    } else {
      VerificationException x = assertThrows(VerificationException.class,
          () -> DeltaBundle.parse(delta).rebuild(base));
      assertEquals(expected, x.reason().name(), x.getMessage());
    }
  }

  /**
   * The valid vector's patch, taken out of its delta (offset 77 + S, signed-resources.md §4.1),
   * rebuilds the target body in xdelta3, an independent VCDIFF implementation, from the base body.
   */
  @Test
  void xdelta3RebuildsTheVectorsTargetBodyFromItsPatch(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    byte[] delta = Files.readAllBytes(DIR.resolve("deltas/valid.arsd"));
    int sigLen = (int) SignedBundle.u32(delta, 69);
    byte[] patch = java.util.Arrays.copyOfRange(delta, 77 + sigLen, delta.length);
    Path base = Files.write(dir.resolve("base.json"),
        SignedBundle.parse(Files.readAllBytes(DIR.resolve("base.arsr"))).body());
    Path p = Files.write(dir.resolve("patch.vcdiff"), patch);
    Path out = dir.resolve("target.json");
    Process x = new ProcessBuilder(VcdiffTest.XDELTA3.toString(), "-d", "-f", "-s", base.toString(), p.toString(),
        out.toString()).redirectErrorStream(true).start();
    String said = new String(x.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(x.waitFor(60, java.util.concurrent.TimeUnit.SECONDS) && x.exitValue() == 0, "xdelta3: " + said);
    assertArrayEquals(Files.readAllBytes(DIR.resolve("bodies/networkmap-8.json")), Files.readAllBytes(out));
  }

  @Test
  void aDeltaForScatteredMovesIsSmallAndRebuildsTheTargetExactly() throws Exception {
    byte[][] m = VcdiffTest.mapAndMoved(100_000, 5);
    SignedBundle base = SignedBundle.of(new byte[] {1, 2, 3}, m[0]);
    SignedBundle target = SignedBundle.of(new byte[] {4, 5, 6}, m[1]);
    DeltaBundle d = DeltaBundle.between(base, target);
    assertArrayEquals(target.encoded(), DeltaBundle.parse(d.encoded()).rebuild(base).encoded());
    assertArrayEquals(DeltaBundle.sha256(base.encoded()), d.baseHash());
    assertArrayEquals(DeltaBundle.sha256(target.encoded()), d.targetHash());
    assertTrue(d.encoded().length < target.encoded().length * 3 / 100, d.encoded().length + " bytes");
  }

  @Test
  void everyTruncationIsRefusedWithAReason() throws Exception {
    byte[] valid = Files.readAllBytes(DIR.resolve("deltas/valid.arsd"));
    SignedBundle base = SignedBundle.parse(Files.readAllBytes(DIR.resolve("base.arsr")));
    for (int cut = 0; cut < valid.length; cut++) {
      byte[] t = java.util.Arrays.copyOf(valid, cut);
      VerificationException x = assertThrows(VerificationException.class, () -> DeltaBundle.parse(t).rebuild(base));
      assertTrue(x.reason() == VerificationException.Reason.MALFORMED, cut + ": " + x.getMessage());
    }
  }

  private static ResourceVerifier verifier() throws IOException {
    return new ResourceVerifier(TrustPolicy.forService(SignedVectors.SERVICE)
        .anchors(Pem.readCertificates(SignedVectorsTest.DIR.resolve("certs/ca-ed25519.pem")))
        .clock(Clock.fixed(SignedVectors.VERIFY_AT, ZoneOffset.UTC)).build());
  }
}
