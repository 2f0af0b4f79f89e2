package org.altoredist.trust;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signatures this project makes, checked by the real {@code openssl} binary. There is no skip: a
 * machine without openssl fails here (.ci/run installs it).
 *
 * <p>P-256 goes through {@code openssl cms -verify} whole. OpenSSL's CMS code cannot check RFC 8419
 * Ed25519 signatures with signed attributes (openssl/openssl issues 11915, 32248: "invalid
 * digest"), so for Ed25519 openssl checks each piece instead: the chain ({@code openssl verify}),
 * the signature over the signed attributes ({@code openssl pkeyutl -verify -rawin}) and the body's
 * SHA-512 ({@code openssl dgst}) against the signed message digest.
 */
class OpensslInteropTest {

  private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

  @TempDir
  Path dir;

  @Test
  void opensslCmsVerifiesAP256SignatureAndRefusesATamperedBody() throws Exception {
    byte[] body = SignedVectors.COST_MAP.getBytes(US_ASCII);
    byte[] sig = sign(SignatureAlgorithm.ECDSA_P256, body);
    Files.write(dir.resolve("body.json"), body);
    Files.write(dir.resolve("sig.der"), sig);
    List<String> cmd = List.of("openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in", "sig.der",
        "-content", "body.json", "-CAfile", "ca.pem", "-out", "verified.json");
    Result ok = openssl(cmd);
    assertEquals(0, ok.exit, ok.output);
    assertArrayEquals(body, Files.readAllBytes(dir.resolve("verified.json")));

    body[body.length / 2] ^= 1;
    Files.write(dir.resolve("body.json"), body);
    Result tampered = openssl(cmd);
    assertNotEquals(0, tampered.exit, tampered.output);
  }

  @Test
  void opensslChecksEachPieceOfAnEd25519Signature() throws Exception {
    byte[] body = SignedVectors.NETWORK_MAP.getBytes(US_ASCII);
    CmsSignature cms = CmsSignature.parse(sign(SignatureAlgorithm.ED25519, body));
    Files.write(dir.resolve("attrs.der"), cms.signedAttributesDer());
    Files.write(dir.resolve("sig.bin"), cms.signatureValue());
    Files.write(dir.resolve("body.json"), body);

    assertEquals(0, openssl(List.of("openssl", "verify", "-CAfile", "ca.pem", "server.pem")).exit);
    Result pub = openssl(List.of("openssl", "x509", "-in", "server.pem", "-pubkey", "-noout", "-out", "pub.pem"));
    assertEquals(0, pub.exit, pub.output);
    List<String> check = List.of("openssl", "pkeyutl", "-verify", "-pubin", "-inkey", "pub.pem", "-rawin",
        "-in", "attrs.der", "-sigfile", "sig.bin");
    Result sigOk = openssl(check);
    assertEquals(0, sigOk.exit, sigOk.output);
    byte[] attrs = cms.signedAttributesDer();
    attrs[attrs.length - 1] ^= 1;
    Files.write(dir.resolve("attrs.der"), attrs);
    assertNotEquals(0, openssl(check).exit);

    byte[] signedDigest = cms.signedAttributes().messageDigest();
    List<String> dgst = List.of("openssl", "dgst", "-sha512", "-binary", "-out", "digest.bin", "body.json");
    assertEquals(0, openssl(dgst).exit);
    assertArrayEquals(signedDigest, Files.readAllBytes(dir.resolve("digest.bin")));
    body[0] ^= 1;
    Files.write(dir.resolve("body.json"), body);
    assertEquals(0, openssl(dgst).exit);
    assertNotEquals(HexFormat.of().formatHex(signedDigest),
        HexFormat.of().formatHex(Files.readAllBytes(dir.resolve("digest.bin"))));
  }

  /** Makes a fresh CA and server certificate valid now, writes them as PEM, and signs {@code body}. */
  private byte[] sign(SignatureAlgorithm alg, byte[] body) throws IOException {
    KeyPair ca = Pki.generateKeyPair(alg);
    X509Certificate caCert = Pki.rootCa(ca, "openssl interop CA", NOW.minusSeconds(3600), NOW.plusSeconds(86400),
        BigInteger.ONE);
    KeyPair server = Pki.generateKeyPair(alg);
    X509Certificate serverCert = Pki.server(ca.getPrivate(), caCert, server.getPublic(), SignedVectors.HOST,
        NOW.minusSeconds(3600), NOW.plusSeconds(86400), BigInteger.TWO);
    Files.writeString(dir.resolve("ca.pem"), Pem.certificates(List.of(caCert)));
    Files.writeString(dir.resolve("server.pem"), Pem.certificates(List.of(serverCert)));
    Descriptor d = new Descriptor(SignedVectors.SERVICE, "r", "application/alto-propmap+json",
        "https://alto.example.com/propmap", null, List.of(), null, 1, NOW, NOW.plusSeconds(3600),
        RedistributionScope.SERVICE);
    return new ResourceSigner(server.getPrivate(), List.of(serverCert)).signDetached(body, d, NOW);
  }

  private record Result(int exit, String output) {}

  private Result openssl(List<String> cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(new ArrayList<>(cmd)).directory(dir.toFile()).redirectErrorStream(true).start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), US_ASCII);
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("openssl did not finish within 60 s: " + cmd);
    }
    return new Result(p.exitValue(), String.join(" ", cmd) + "\n" + out);
  }
}
