package org.altoredist.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.altoredist.alto.NetworkMap;
import org.altoredist.http.AltoClient;
import org.altoredist.trust.Pem;
import org.altoredist.trust.TrustPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code serve} from the executable jar on its embedded defaults, read by the client over HTTP and HTTPS. */
class ServeCommandIT {

  @TempDir
  Path dir;

  @Test
  void servedBundledExamplesVerifyOverHttpAndHttps() throws Exception {
    String service = "https://127.0.4.10/directory";
    Process p = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
        ToolProcess.jar().toString(), "serve", "--bind", "127.0.4.10", "--http-port", "0", "--https-port", "0",
        "--service", service, "--state", dir.resolve("state").toString()))
        .redirectError(dir.resolve("stderr.txt").toFile()).start();
    try {
      Map<String, String> printed = CompletableFuture.supplyAsync(() -> readBanner(p)).get(60, TimeUnit.SECONDS);
      TrustPolicy trust = TrustPolicy.forService(service)
          .anchors(Pem.readCertificates(Path.of(printed.get("demo CA")))).build();
      for (String key : new String[] {"IRD over HTTP", "IRD over HTTPS"}) {
        AltoClient c = AltoClient.builder(trust).directoryLocation(URI.create(printed.get(key)))
            .tlsAnchors(Pem.readCertificates(Path.of(printed.get("demo CA")))).build();
        NetworkMap nm = (NetworkMap) c.maps().networkMap().document();
        assertEquals("pid-3", nm.pidOf(InetAddress.getByName("127.0.3.9")));
      }
    } finally {
      p.destroy();
      p.waitFor(20, TimeUnit.SECONDS);
    }
  }

  /** The "  name: value" lines serve prints once it listens. */
  static Map<String, String> readBanner(Process p) {
    Map<String, String> out = new HashMap<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        int colon = line.indexOf(':');
        if (line.startsWith("  ") && colon > 0) {
          out.put(line.substring(2, colon), line.substring(colon + 1).trim());
        }
        if (line.startsWith("  signer pin:")) {
          return out;
        }
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    throw new AssertionError("serve ended before it printed its addresses");
  }
}
