package org.altoredist.http;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.altoredist.testing.Await;
import org.altoredist.trust.Pem;
import org.altoredist.trust.TrustPolicy;

/** Shared setup of the HTTP tests: example maps in a temporary directory, loopback addresses, waits with deadlines. */
final class Fixtures {

  static final Path EXAMPLES = Path.of("examples");
  static final Duration DEADLINE = Duration.ofSeconds(20);
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private Fixtures() {}

  /** A copy of the bundled examples in {@code dir}/maps. */
  static Path copyExamples(Path dir) throws IOException {
    Path maps = Files.createDirectories(dir.resolve("maps"));
    for (String f : MapSource.BUNDLED) {
      Files.copy(EXAMPLES.resolve(f), maps.resolve(f));
    }
    return maps;
  }

  /** Host h of PID p on the loopback network (ARCHITECTURE.md: 127.0.p.h). */
  static InetAddress host(int pid, int h) {
    try {
      return InetAddress.getByAddress(new byte[] {127, 0, (byte) pid, (byte) h});
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static TrustPolicy trust(AltoServer s) throws IOException {
    return TrustPolicy.forService(s.service().toString()).anchors(anchors(s)).build();
  }

  static List<X509Certificate> anchors(AltoServer s) throws IOException {
    return Pem.readCertificates(s.demoCa());
  }

  static HttpResponse<byte[]> get(URI uri, String... headers) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(uri).GET(), headers);
  }

  static HttpResponse<byte[]> send(HttpRequest.Builder b, String... headers) throws IOException, InterruptedException {
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  /** Waits until the condition holds, failing after {@link #DEADLINE}. */
  static void await(String what, BooleanSupplier condition) throws InterruptedException {
    Await.until(what, DEADLINE, condition);
  }


  /** A clock the test moves. */
  static final class MutableClock extends Clock {
    private volatile Instant now;

    MutableClock(Instant start) {
      this.now = start;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
