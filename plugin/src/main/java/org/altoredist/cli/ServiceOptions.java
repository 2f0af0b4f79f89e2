package org.altoredist.cli;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.altoredist.alto.IpPrefix;
import org.altoredist.http.ServiceConfig;
import org.altoredist.http.Upstream;
import org.altoredist.trust.Pem;
import org.altoredist.trust.RedistributionScope;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The options {@code serve} and {@code publish} share: what is signed, by whom, for which service. */
final class ServiceOptions {

  @Option(names = "--maps", paramLabel = "DIR",
      description = "Directory of map files (*.json: one root IRD, its network and cost maps, identified by content). "
          + "Default: the bundled loopback examples.")
  Path maps;

  @Option(names = "--upstream", paramLabel = "URL",
      description = "Instead of map files: the root IRD of an existing, unsigned RFC 7285 server. Its full network and "
          + "cost maps are read (conditionally, every poll), validated, and signed byte for byte as it serves them.")
  URI upstream;

  @Option(names = "--upstream-timeout", defaultValue = "PT10S", paramLabel = "DURATION",
      description = "With --upstream: how long one request to it may take, ISO 8601 (default: ${DEFAULT-VALUE}).")
  Duration upstreamTimeout;

  @Option(names = "--upstream-ca", paramLabel = "FILE",
      description = "With an https --upstream under a private CA: its CA certificates (PEM). Default: the JDK's trust store.")
  Path upstreamCa;

  @Option(names = "--state", defaultValue = "altoredist-state", paramLabel = "DIR",
      description = "Where sequences (and a generated demo PKI) persist across runs (default: ${DEFAULT-VALUE} in the"
          + " current directory).")
  Path state;

  /** The signing key: a PEM file or a PKCS#11 token; without either, a demo PKI in the state dir. */
  @Mixin
  SignerOptions signer = new SignerOptions();

  @Option(names = "--lifetime", defaultValue = "P1D", paramLabel = "DURATION",
      description = "How long a signature may be used, ISO 8601; renewed at half-life (default: ${DEFAULT-VALUE}).")
  Duration lifetime;

  @Option(names = "--scope", defaultValue = "service", paramLabel = "SCOPE",
      description = "Who may receive the maps from peers: none, service or audience (default: ${DEFAULT-VALUE}).")
  String scope;

  @Option(names = "--audience", paramLabel = "PREFIX", description = "With --scope audience: a prefix of the audience.")
  List<String> audience = new ArrayList<>();

  /** The --scope and --audience options as a scope; {@code sign} reads them the same way. */
  static RedistributionScope scope(String scope, List<String> audience) {
    return switch (scope) {
      case "none" -> RedistributionScope.NONE;
      case "service" -> RedistributionScope.SERVICE;
      case "audience" -> RedistributionScope.audience(audience.stream().map(IpPrefix::parse).toList());
      default -> throw new IllegalArgumentException("--scope is none, service or audience, not " + scope);
    };
  }

  ServiceConfig config(URI service) throws IOException {
    RedistributionScope s = scope(scope, audience);
    if (maps != null && upstream != null) {
      throw new IllegalArgumentException("give --maps or --upstream, not both");
    }
    ServiceConfig c = ServiceConfig.of(maps, state, service).withLifetime(lifetime).withScope(s);
    if (upstream != null) {
      c = c.withUpstream(new Upstream(upstream, upstreamTimeout,
          upstreamCa == null ? java.util.List.of() : Pem.readCertificates(upstreamCa)));
    }
    SignerOptions.Signer k = signer.signer();
    return k == null ? c : c.withSigner(k.key(), k.chain());
  }
}
