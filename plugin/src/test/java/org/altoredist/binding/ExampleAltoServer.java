package org.altoredist.binding;

import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.altoredist.http.AltoServer;
import org.altoredist.http.ServiceConfig;
import org.altoredist.trust.Pem;
import org.altoredist.trust.TrustPolicy;

/** A signing ALTO server on loopback that serves copies of the example maps, for the binding's tests. */
final class ExampleAltoServer {

  static final URI SERVICE = URI.create("http://127.0.0.1/alto/directory");

  private ExampleAltoServer() {}

  /** Starts it on {@code ip}, its maps in {@code dir}/maps (edit them there to publish a new version). */
  static AltoServer start(Path dir, String ip) throws Exception {
    Path maps = Files.createDirectories(dir.resolve("maps"));
    for (String f : List.of("ird.json", "networkmap.json", "costmap.json")) {
      Files.copy(Path.of("examples", f), maps.resolve(f));
    }
    return AltoServer.builder(ServiceConfig.of(maps, dir.resolve("alto-state"), SERVICE))
        .bind(InetAddress.getByName(ip)).pathPrefix("/alto/").start();
  }

  /** The trust policy of a client of {@code server}: its demo CA as the anchor. */
  static TrustPolicy trust(AltoServer server) throws Exception {
    return TrustPolicy.forService(SERVICE.toString()).anchors(Pem.readCertificates(server.demoCa())).build();
  }
}
