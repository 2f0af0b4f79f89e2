package org.altoredist.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.altoredist.http.AltoServer;
import org.altoredist.http.NothingToServeException;
import org.altoredist.trust.TrustPolicy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code serve}: a signing ALTO server over HTTP and/or HTTPS, until interrupted. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
        "Serve an ALTO service (RFC 7285), every resource signed.",
        "The IRD, network maps and cost maps come from --maps (or the bundled examples), each with its detached"
            + " signature (bep-extension-spec/alto-http.md).",
        "A changed map file is validated, given a new vtag and sequence, signed and served; a refused change is"
            + " logged and the previous version stays.",
        "With --upstream it is a signing gateway in front of an existing ALTO server: every --poll it reads that"
            + " server's IRD and maps conditionally, and signs each new valid version; a broken upstream is refused"
            + " with its reason, the last good version stays, and server-status says how stale it is.",
        "Runs until interrupted.",
        "Exit codes: 1 the map files were refused (nothing to serve), 2 usage or I/O error."})
final class ServeCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  ServiceOptions service = new ServiceOptions();

  @Option(names = "--bind", defaultValue = "127.0.0.1", paramLabel = "ADDRESS",
      description = "Address to listen on (default: ${DEFAULT-VALUE}).")
  InetAddress bind;

  @Option(names = "--http-port", defaultValue = "8080", paramLabel = "PORT",
      description = "HTTP port, 0 for any free one, -1 for none (default: ${DEFAULT-VALUE}).")
  int httpPort;

  @Option(names = "--https-port", defaultValue = "-1", paramLabel = "PORT",
      description = "HTTPS port, 0 for any free one, -1 for none (default: ${DEFAULT-VALUE}).")
  int httpsPort;

  @Option(names = "--path-prefix", defaultValue = "/", paramLabel = "PATH",
      description = "URL path the service is served under; the IRD is at PATH + \"directory\" (default: ${DEFAULT-VALUE}).")
  String prefix;

  @Option(names = "--service", paramLabel = "URI",
      description = "The service identity signatures name (clients' root IRD URI). Default: this server's own IRD URI.")
  URI serviceUri;

  @Option(names = "--workers", defaultValue = "8", paramLabel = "N", description = "Threads processing requests (default: ${DEFAULT-VALUE}).")
  int workers;

  @Option(names = "--queue", defaultValue = "128", paramLabel = "N",
      description = "More requests that may be in progress; beyond, 503 with Retry-After (default: ${DEFAULT-VALUE}).")
  int queue;

  @Option(names = "--poll", defaultValue = "PT30S", paramLabel = "DURATION",
      description = "How often map files (or the upstream) are read again regardless of events, and signatures "
          + "renewed, ISO 8601 (default: ${DEFAULT-VALUE}).")
  Duration poll;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter err = spec.commandLine().getErr();
    AltoServer server;
    try {
      URI id = serviceUri != null ? serviceUri : ownUri();
      server = AltoServer.builder(service.config(id)).bind(bind).httpPort(httpPort).httpsPort(httpsPort)
          .pathPrefix(prefix).workers(workers).queue(queue).refreshInterval(poll).start();
    } catch (NothingToServeException e) {
      e.rejected().forEach(r -> err.println("serve: refused " + r));
      return Main.EXIT_REFUSED;
    } catch (IOException | IllegalArgumentException e) {
      err.println("serve: " + e.getMessage());
      return Main.EXIT_USAGE;
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println("ALTO service " + server.service());
    if (server.httpDirectory() != null) {
      out.println("  IRD over HTTP:  " + server.httpDirectory());
    }
    if (server.httpsDirectory() != null) {
      out.println("  IRD over HTTPS: " + server.httpsDirectory());
    }
    out.println("  status:         " + server.statusUri());
    out.println("  metrics:        " + server.metricsUri());
    if (server.upstream() != null) {
      out.println("  upstream:       " + server.upstream());
    }
    if (server.demoCa() != null) {
      out.println("  demo CA:        " + server.demoCa());
    }
    out.println("  signer pin:     " + HexFormat.of().formatHex(TrustPolicy.pinOf(server.signerChain().get(0))));
    out.flush();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      stopped.countDown();
    }));
    stopped.await();
    return Main.EXIT_OK;
  }

  private URI ownUri() {
    boolean https = httpsPort >= 0 && httpPort < 0;
    int port = https ? httpsPort : httpPort;
    if (port == 0) {
      throw new IllegalArgumentException("with port 0 the server's URI is not known in advance: give --service");
    }
    String host = bind.getHostAddress();
    return URI.create((https ? "https" : "http") + "://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port
        + prefix + "directory");
  }
}
