package org.altoredist.trust;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.altoredist.alto.VersionTag;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * bep-extension-spec/vectors/signed/: the committed bytes are exactly what the generator builds,
 * and each vector, read from index.json alone, ends as the index says. Run with
 * {@code -Daltoredist.vectors.regenerate=true} to rewrite the directory after a deliberate change.
 */
class SignedVectorsTest {

  static final Path DIR = Path.of(System.getProperty("altoredist.spec.dir", "../bep-extension-spec"), "vectors", "signed");
  private static JsonNode index;

  @BeforeAll
  static void load() throws IOException {
    if (Boolean.getBoolean("altoredist.vectors.regenerate")) {
      SignedVectors.main(new String[] {DIR.toString()});
    }
    index = new ObjectMapper().readTree(DIR.resolve("index.json").toFile());
  }

  @Test
  void committedVectorsAreRebuiltByteForByte() throws IOException {
    VectorFiles.assertCommitted(DIR, SignedVectors.build().allFiles());
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
    byte[] bundle = Files.readAllBytes(DIR.resolve(v.get("bundle").asText()));
    assertArrayEquals(Base64.getDecoder().decode(v.get("bundle-base64").asText()), bundle);
    assertEquals(v.get("bundle-sha256-hex").asText(), HexFormat.of().formatHex(TestKeys.sha256(bundle)));
    JsonNode in = v.get("verify");
    ResourceVerifier verifier = new ResourceVerifier(policy(in));
    Expectation e = expectation(in);
    String expected = v.get("expected").asText();
    if (expected.equals(VectorCase.VERIFIED)) {
      VerifiedResource r = verifier.verify(bundle, e);
      assertArrayEquals(SignedBundle.parse(bundle).body(), r.body());
    } else {
      VerificationException x = assertThrows(VerificationException.class, () -> verifier.verify(bundle, e));
      assertEquals(expected, x.reason().name(), x.getMessage());
    }
  }

  @Test
  void detachedPiecesVerifyOnTheirOwn() throws Exception {
    for (JsonNode p : index.get("pieces")) {
      byte[] body = Files.readAllBytes(DIR.resolve(p.get("body").asText()));
      byte[] sig = Files.readAllBytes(DIR.resolve(p.get("signature").asText()));
      assertArrayEquals(HexFormat.of().parseHex(p.get("signature-hex").asText()), sig);
      TrustPolicy policy = TrustPolicy.forService(SignedVectors.SERVICE)
          .anchors(Pem.readCertificates(DIR.resolve(p.get("anchor").asText())))
          .clock(Clock.fixed(SignedVectors.VERIFY_AT, ZoneOffset.UTC)).build();
      VerifiedResource r = new ResourceVerifier(policy).verifyDetached(body, sig, Expectation.fromPeer(null));
      assertArrayEquals(Files.readAllBytes(DIR.resolve(p.get("descriptor").asText())), r.descriptor().encode());
      assertEquals(p.get("descriptor-text").asText(), new String(r.descriptor().encode(), "US-ASCII"));
    }
  }

  static TrustPolicy policy(JsonNode in) throws IOException {
    TrustPolicy.Builder b = TrustPolicy.forService(in.get("service").asText())
        .clock(Clock.fixed(Instant.parse(in.get("time").asText()), ZoneOffset.UTC))
        .clockSkew(Duration.ofSeconds(in.get("clock-skew-seconds").asLong()));
    for (JsonNode a : in.get("anchors")) {
      List<X509Certificate> certs = Pem.readCertificates(DIR.resolve(a.asText()));
      b.anchors(certs);
    }
    for (JsonNode p : in.get("pins-spki-sha256-hex")) {
      b.pin(HexFormat.of().parseHex(p.asText()));
    }
    return b.build();
  }

  static Expectation expectation(JsonNode in) throws IOException {
    String resource = in.get("resource-id").isNull() ? null : in.get("resource-id").asText();
    Expectation e = in.get("from-peer").asBoolean() ? Expectation.fromPeer(resource) : Expectation.fromOrigin(resource);
    if (!in.get("held-sequence").isNull()) {
      e = e.withHeldSequence(in.get("held-sequence").asLong());
    }
    JsonNode dep = in.get("depends-on");
    if (!dep.isNull()) {
      e = e.dependingOn(new VersionTag(dep.get("resource-id").asText(), dep.get("tag").asText()));
    }
    List<InetAddress> local = new ArrayList<>();
    for (JsonNode a : in.get("local-addresses")) {
      local.add(InetAddress.getByName(a.asText()));
    }
    return e.withLocalAddresses(local);
  }
}
