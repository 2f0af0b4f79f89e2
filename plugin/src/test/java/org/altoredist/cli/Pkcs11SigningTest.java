package org.altoredist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.altoredist.alto.NetworkMap;
import org.altoredist.http.AltoClient;
import org.altoredist.trust.Expectation;
import org.altoredist.trust.Pem;
import org.altoredist.trust.Pki;
import org.altoredist.trust.ResourceVerifier;
import org.altoredist.trust.SignatureAlgorithm;
import org.altoredist.trust.TrustPolicy;
import org.altoredist.trust.VerifiedResource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signing with a key that stays in a PKCS#11 token (issue 16): SoftHSM2 (Debian package softhsm2,
 * installed by .ci/run) holds a P-256 key issued by a test CA, and the tool reaches it through the
 * JDK's SunPKCS11 provider. SoftHSM reads its token directory from SOFTHSM2_CONF when the library
 * loads, so each run is a child JVM with that variable set to this test's own token.
 */
class Pkcs11SigningTest {

  static final Path LIBRARY = Path.of("/usr/lib/softhsm/libsofthsm2.so");
  static final String PIN = "1234";
  static final String ALIAS = "alto-sign";
  static final String HOST = "127.0.7.10";

  @TempDir
  Path dir;
  Path conf;
  Path p11;
  Path ca;
  Path chain;

  @BeforeEach
  void token() throws Exception {
    if (!Files.isRegularFile(LIBRARY)) {
      throw new AssertionError(LIBRARY + " is missing: install the Debian packages softhsm2 and opensc (.ci/run does)");
    }
    Files.createDirectories(dir.resolve("tokens"));
    conf = Files.writeString(dir.resolve("softhsm2.conf"), "directories.tokendir = " + dir.resolve("tokens")
        + "\nobjectstore.backend = file\nlog.level = ERROR\n");
    run("softhsm2-util", "--init-token", "--free", "--label", "alto", "--so-pin", "12345678", "--pin", PIN);
    Instant from = Instant.now().minus(Duration.ofHours(1));
    KeyPair caKeys = Pki.generateKeyPair(SignatureAlgorithm.ECDSA_P256);
    X509Certificate caCert = Pki.rootCa(caKeys, "HSM test CA", from, from.plus(Duration.ofDays(30)), Pki.randomSerial());
    KeyPair server = Pki.generateKeyPair(SignatureAlgorithm.ECDSA_P256);
    X509Certificate cert = Pki.server(caKeys.getPrivate(), caCert, server.getPublic(), HOST, from,
        from.plus(Duration.ofDays(30)), Pki.randomSerial());
    ca = Files.writeString(dir.resolve("ca.pem"), Pem.certificates(List.of(caCert)));
    chain = Files.writeString(dir.resolve("chain.pem"), Pem.certificates(List.of(cert)));
    Path key = Files.writeString(dir.resolve("key.pem"), Pem.privateKey(server.getPrivate()));
    run("softhsm2-util", "--import", key.toString(), "--token", "alto", "--label", ALIAS, "--id", "01", "--pin", PIN);
    // Without a certificate object of the same CKA_ID the JDK's key store does not list the key.
    Files.write(dir.resolve("cert.der"), cert.getEncoded());
    run("pkcs11-tool", "--module", LIBRARY.toString(), "--token-label", "alto", "--login", "--pin", PIN,
        "--write-object", dir.resolve("cert.der").toString(), "--type", "cert", "--id", "01", "--label", ALIAS);
    Files.delete(key);
    // The slot id SoftHSM gives a new token is random: the first slot with a token is it.
    p11 = Files.writeString(dir.resolve("p11.cfg"), "name = SoftHSM\nlibrary = " + LIBRARY + "\nslotListIndex = 0\n");
    Files.writeString(dir.resolve("pin"), PIN + "\n");
  }

  @Test
  void signWithATokenKeyMakesABundleTheCaVerifies() throws Exception {
    String service = "https://" + HOST + "/directory";
    Path examples = Path.of("examples");
    Process p = tool("sign", "--pkcs11", p11.toString(), "--key-alias", ALIAS, "--pin-file", dir.resolve("pin").toString(),
        "--chain", chain.toString(), "--body", examples.resolve("networkmap.json").toString(), "--ird",
        examples.resolve("ird.json").toString(), "--resource-id", "loopback-network-map", "--service", service,
        "--sequence", "7", "--out", dir.resolve("nm.arsr").toString());
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), Files.readString(dir.resolve("child-stderr.txt")));
    TrustPolicy trust = TrustPolicy.forService(service).anchors(Pem.readCertificates(ca)).build();
    VerifiedResource v = new ResourceVerifier(trust).verify(Files.readAllBytes(dir.resolve("nm.arsr")),
        Expectation.fromOrigin("loopback-network-map"));
    assertEquals(7, v.descriptor().sequence());
  }

  @Test
  void serveSignsAndSpeaksTlsWithATokenKey() throws Exception {
    String service = "https://" + HOST + "/directory";
    Process p = tool("serve", "--pkcs11", p11.toString(), "--key-alias", ALIAS, "--bind", HOST, "--http-port", "-1",
        "--https-port", "0", "--service", service, "--state", dir.resolve("state").toString());
    try {
      String ird = CompletableFuture.supplyAsync(() -> directoryLine(p)).get(60, TimeUnit.SECONDS);
      List<X509Certificate> anchors = Pem.readCertificates(ca);
      AltoClient c = AltoClient.builder(TrustPolicy.forService(service).anchors(anchors).build())
          .directoryLocation(URI.create(ird)).tlsAnchors(anchors).build();
      NetworkMap nm = (NetworkMap) c.maps().networkMap().document();
      assertEquals("pid-2", nm.pidOf(java.net.InetAddress.getByName("127.0.2.7")));
    } finally {
      p.destroy();
      p.waitFor(20, TimeUnit.SECONDS);
    }
  }

  /** The tool in a child JVM whose SoftHSM library reads this test's token; the PIN from the environment. */
  private Process tool(String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(dir.resolve("child-stderr.txt").toFile());
    Map<String, String> env = pb.environment();
    env.put("SOFTHSM2_CONF", conf.toString());
    env.put(SignerOptions.PIN_VARIABLE, PIN);
    Process p = pb.start();
    return p;
  }

  /** Waits for serve's banner line naming the IRD's HTTPS URI. */
  private static String directoryLine(Process p) {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        if (line.startsWith("  IRD over HTTPS:")) {
          return line.substring(line.indexOf(':') + 1).trim();
        }
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    throw new AssertionError("serve ended before it listened");
  }

  private void run(String... cmd) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("SOFTHSM2_CONF", conf.toString());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new AssertionError(String.join(" ", cmd) + " failed: " + out);
    }
  }
}
