package org.altoredist.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.altoredist.http.AltoClient;
import org.altoredist.http.UpstreamSite;
import org.altoredist.it.swarm.Await;
import org.altoredist.trust.Pem;
import org.altoredist.trust.TrustPolicy;
import org.altoredist.trust.VerifiedResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve --upstream} from the executable jar in front of a real nginx serving unsigned RFC
 * 7285 documents: on its own poll schedule it signs the upstream's first version and then its
 * update, byte for byte; when nginx goes away the last good version stays in service and the
 * status resource says the upstream is unreachable.
 */
class GatewayServeIT {

  static final String NM = "loopback-network-map";
  static final Duration DEADLINE = Duration.ofSeconds(60);

  @TempDir
  Path dir;

  @Test
  void gatewaySignsEachUpstreamVersionOnItsScheduleAndOutlivesTheUpstream() throws Exception {
    try (UpstreamSite up = new UpstreamSite(dir.resolve("up"), InetAddress.getByName("127.0.6.110"),
        ToolProcess.examples())) {
      String service = "http://127.0.6.111/alto/directory";
      Process p = new ProcessBuilder(ToolProcess.command("serve", "--upstream", up.directory().toString(),
          "--upstream-timeout", "PT3S", "--poll", "PT1S", "--bind", "127.0.6.111", "--http-port", "0",
          "--path-prefix", "/alto/", "--service", service, "--state", dir.resolve("state").toString()))
          .redirectError(dir.resolve("stderr.txt").toFile()).start();
      try {
        Map<String, String> banner = CompletableFuture.supplyAsync(() -> ServeCommandIT.readBanner(p))
            .get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        assertEquals(up.directory().toString(), banner.get("upstream"));
        TrustPolicy trust = TrustPolicy.forService(service)
            .anchors(Pem.readCertificates(Path.of(banner.get("demo CA")))).build();
        AltoClient c = AltoClient.builder(trust).directoryLocation(URI.create(banner.get("IRD over HTTP"))).build();
        VerifiedResource first = c.fetch(NM);
        assertArrayEquals(up.read("networkmap"), first.body());

        up.edit("networkmap", "\"127.0.4.0/24\"", "\"127.0.4.0/25\"");
        up.edit("networkmap", "8b0f0f4ad7b1e2c0c3a4a1f6a0e6c5d2e9b7a310", "second-version");
        up.edit("costmap/num/routingcost", "8b0f0f4ad7b1e2c0c3a4a1f6a0e6c5d2e9b7a310", "second-version");
        byte[] second = up.read("networkmap");
        Await.until("the gateway signs the upstream's second version", DEADLINE,
            () -> java.util.Arrays.equals(second, fetch(c).body()));
        long sequence = fetch(c).descriptor().sequence();
        assertTrue(sequence > first.descriptor().sequence());

        up.stop();
        URI status = URI.create(banner.get("status"));
        Await.until("the status says the upstream is unreachable", DEADLINE,
            () -> status(status).at("/upstream/problems/0/reason").asText().equals("UNREACHABLE"));
        assertEquals(false, status(status).at("/upstream/healthy").asBoolean());
        assertEquals(sequence, fetch(c).descriptor().sequence(), "the last good version stays in service");
        assertArrayEquals(second, fetch(c).body());
      } finally {
        p.destroy();
        p.waitFor(20, TimeUnit.SECONDS);
      }
    }
  }

  private static VerifiedResource fetch(AltoClient c) {
    try {
      return c.fetch(NM);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static JsonNode status(URI uri) {
    try {
      HttpResponse<byte[]> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).build(),
          HttpResponse.BodyHandlers.ofByteArray());
      return new ObjectMapper().readTree(r.body());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
