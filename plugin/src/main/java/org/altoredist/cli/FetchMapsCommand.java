package org.altoredist.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.altoredist.http.AltoClient;
import org.altoredist.http.AltoClientException;
import org.altoredist.trust.Descriptor;
import org.altoredist.trust.Pem;
import org.altoredist.trust.VerifiedResource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fetch-maps}: resources from a signed ALTO service, verified, optionally saved as bundles. */
@Command(
    name = "fetch-maps",
    mixinStandardHelpOptions = true,
    description = {
        "Fetch and verify signed resources from an ALTO service.",
        "Over HTTP(S), as the redistribution engine does: the IRD, then each resource with its signature"
            + " (bep-extension-spec/alto-http.md), verified for --service.",
        "Without --resource-id: the root IRD, the default network map and the cost maps over it.",
        "Prints one line per verified resource; with --out, also writes each as a signed resource bundle"
            + " RESOURCE-ID.arsr (the root IRD as directory.arsr): what a seeder passes to `seed --maps`.",
        "Exit codes: 0 all verified, 1 refused (trust, media type, not redistributable, no such resource),"
            + " 2 usage, I/O or an unreachable or overloaded server."})
final class FetchMapsCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--service", required = true, paramLabel = "URI", description = "The service identity: its root IRD's URI.")
  String service;

  @Option(names = "--location", paramLabel = "URI", description = "Where to GET the IRD, if not at the service URI.")
  URI location;

  @Option(names = "--anchor", paramLabel = "FILE", description = "Trust anchor CA certificates (PEM); repeatable.")
  List<Path> anchors = new ArrayList<>();

  @Option(names = "--pin", paramLabel = "HEX", description = "A pinned signer key: SHA-256 of its SubjectPublicKeyInfo.")
  List<String> pins = new ArrayList<>();

  @Option(names = "--tls-anchor", paramLabel = "FILE", description = "CA certificates HTTPS is checked against (PEM).")
  List<Path> tlsAnchors = new ArrayList<>();

  @Option(names = "--resource-id", paramLabel = "ID", description = "A resource to fetch; repeatable.")
  List<String> resourceIds = new ArrayList<>();

  @Option(names = "--out", paramLabel = "DIR", description = "Write each verified resource as a bundle here.")
  Path out;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    try {
      AltoClient.Builder b = AltoClient.builder(TrustOptions.policy(service, anchors, pins).build());
      if (location != null) {
        b.directoryLocation(location);
      }
      List<java.security.cert.X509Certificate> tls = new ArrayList<>();
      for (Path p : tlsAnchors) {
        tls.addAll(Pem.readCertificates(p));
      }
      if (!tls.isEmpty()) {
        b.tlsAnchors(tls);
      }
      AltoClient client = b.build();
      List<VerifiedResource> got = new ArrayList<>();
      if (resourceIds.isEmpty()) {
        AltoClient.ServiceMaps m = client.maps();
        got.add(m.directory());
        got.add(m.networkMap());
        got.addAll(m.costMaps());
      } else {
        for (String id : resourceIds) {
          got.add(client.fetch(id));
        }
      }
      for (VerifiedResource v : got) {
        report(v);
      }
      return Main.EXIT_OK;
    } catch (AltoClientException e) {
      err.println("fetch: " + e.getMessage());
      return e.failure().isTransient() ? Main.EXIT_USAGE : Main.EXIT_REFUSED;
    } catch (IOException | IllegalArgumentException | IllegalStateException e) {
      err.println("fetch: " + e.getMessage());
      return Main.EXIT_USAGE;
    }
  }

  private void report(VerifiedResource v) throws IOException {
    Descriptor d = v.descriptor();
    String name = d.resourceId() == null ? "directory" : d.resourceId();
    String line = "verified " + (d.resourceId() == null ? "the root IRD" : d.resourceId()) + " (" + d.mediaType() + ", " + v.body().length + " bytes) sequence "
        + d.sequence() + (d.vtag() == null ? "" : " vtag " + d.vtag().tag()) + " scope " + d.scope().kind().token()
        + " expires " + d.expires();
    if (out != null) {
      Path f = Files.createDirectories(out).resolve(name + ".arsr");
      Files.write(f, v.bundle().encoded());
      line += " -> " + f;
    }
    spec.commandLine().getOut().println(line);
  }
}
