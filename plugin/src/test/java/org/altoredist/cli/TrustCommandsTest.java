package org.altoredist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pki}, {@code sign} and {@code verify} as an operator and a client run them, with their exit codes. */
class TrustCommandsTest {

  static final String SERVICE = "https://alto.example.com/directory";
  private static final Path EXAMPLES = Path.of("examples");

  @TempDir
  Path dir;

  @BeforeEach
  void demoPki() {
    run(0, "pki", "ca", "--out-key", f("ca.key"), "--out-cert", f("ca.pem"));
    run(0, "pki", "server", "--ca-key", f("ca.key"), "--ca-cert", f("ca.pem"), "--host", "alto.example.com",
        "--out-key", f("server.key"), "--out-cert", f("server.pem"), "--algorithm", "ed25519");
  }

  @Test
  void networkMapSignedFromTheIrdVerifiesAndATamperedCopyIsRefused() throws Exception {
    ToolRun s = run(0, "sign", "--body", EXAMPLES.resolve("networkmap.json").toString(), "--key", f("server.key"),
        "--chain", f("server.pem"), "--service", SERVICE, "--ird", EXAMPLES.resolve("ird.json").toString(),
        "--resource-id", "loopback-network-map", "--sequence", "1", "--out", f("nm.arsr"),
        "--signature-out", f("nm.p7s"));
    assertTrue(s.out().contains("\"request\":\"https://alto.example.com/networkmap\""), s.out());
    ToolRun v = run(0, "verify", f("nm.arsr"), "--service", SERVICE, "--anchor", f("ca.pem"),
        "--resource-id", "loopback-network-map");
    assertTrue(v.out().startsWith("verified: "), v.out());
    run(0, "verify", "--body", EXAMPLES.resolve("networkmap.json").toString(), "--signature", f("nm.p7s"),
        "--service", SERVICE, "--anchor", f("ca.pem"));

    byte[] b = Files.readAllBytes(dir.resolve("nm.arsr"));
    b[b.length - 3] ^= 1;
    Files.write(dir.resolve("tampered.arsr"), b);
    ToolRun t = run(1, "verify", f("tampered.arsr"), "--service", SERVICE, "--anchor", f("ca.pem"));
    assertTrue(t.out().startsWith("refused: DIGEST_MISMATCH (DROP_PEER)"), t.out());
    ToolRun w = run(1, "verify", f("nm.arsr"), "--service", "https://other.example.com/directory", "--anchor", f("ca.pem"));
    assertTrue(w.out().startsWith("refused: WRONG_HOST"), w.out());
  }

  @Test
  void costMapTakesItsDependentVtagAndCostTypeFromBodyAndIrd() {
    ToolRun s = run(0, "sign", "--body", EXAMPLES.resolve("costmap.json").toString(), "--key", f("server.key"),
        "--chain", f("server.pem"), "--service", SERVICE, "--ird", EXAMPLES.resolve("ird.json").toString(),
        "--resource-id", "loopback-routingcost", "--sequence", "3", "--out", f("cm.arsr"));
    assertTrue(s.out().contains("\"cost-type\":{\"cost-metric\":\"routingcost\",\"cost-mode\":\"numerical\"}"), s.out());
    ToolRun v = run(1, "verify", f("cm.arsr"), "--service", SERVICE, "--anchor", f("ca.pem"),
        "--held-vtag", "loopback-network-map=some-other-version");
    assertTrue(v.out().startsWith("refused: DEPENDENT_VTAG_MISMATCH"), v.out());
    run(1, "verify", f("cm.arsr"), "--service", SERVICE, "--anchor", f("ca.pem"), "--held-sequence", "4");
  }

  @Test
  void postResourcesAndMissingFilesAreUsageErrors() {
    ToolRun s = run(2, "sign", "--body", EXAMPLES.resolve("networkmap.json").toString(), "--key", f("server.key"),
        "--chain", f("server.pem"), "--service", SERVICE, "--ird", EXAMPLES.resolve("ird.json").toString(),
        "--resource-id", "no-such-resource", "--sequence", "1", "--out", f("x.arsr"));
    assertTrue(s.err().contains("no resource no-such-resource"), s.err());
    run(2, "verify", f("missing.arsr"), "--service", SERVICE, "--anchor", f("ca.pem"));
    run(2, "verify", f("ca.pem"), "--service", SERVICE);
  }

  @Test
  void everyCommandHasHelp() {
    for (String[] c : new String[][] {{"pki", "--help"}, {"pki", "ca", "--help"}, {"pki", "server", "--help"},
        {"sign", "--help"}, {"verify", "--help"}}) {
      ToolRun r = run(0, c);
      assertTrue(r.out().contains("Usage:"), r.out());
    }
  }

  private String f(String name) {
    return dir.resolve(name).toString();
  }

  private static ToolRun run(int expectedExit, String... args) {
    ToolRun r = ToolRun.of(args);
    assertEquals(expectedExit, r.exit(), () -> String.join(" ", args) + "\nout: " + r.out() + "\nerr: " + r.err());
    return r;
  }
}
