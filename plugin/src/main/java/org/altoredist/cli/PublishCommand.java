package org.altoredist.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.altoredist.http.NothingToServeException;
import org.altoredist.http.ServiceConfig;
import org.altoredist.http.StaticSite;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code publish}: the signed resources as plain files, with an nginx configuration snippet. */
@Command(
    name = "publish",
    mixinStandardHelpOptions = true,
    description = {
        "Sign an ALTO service's maps and write them as static files.",
        "The IRD and maps are signed as serve would sign them.",
        "Under --out goes each body at its IRD path and its detached signature beside it, plus "
            + StaticSite.NGINX_SNIPPET
            + " (exact-match nginx locations with the RFC 7285 media types).",
        "Any static server or CDN can serve them.",
        "Exit codes: 0 written, 1 the map files were refused, 2 usage or I/O error."})
final class PublishCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  ServiceOptions service = new ServiceOptions();

  @Option(names = "--service", required = true, paramLabel = "URI",
      description = "The service identity: the URI clients will GET the root IRD from.")
  URI serviceUri;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where the files go.")
  Path out;

  @Option(names = "--url-prefix", defaultValue = "/", paramLabel = "PATH",
      description = "URL path --out will be served at, for the nginx snippet (default: ${DEFAULT-VALUE}).")
  String urlPrefix;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    try {
      ServiceConfig config = service.config(serviceUri);
      StaticSite.Result r = StaticSite.publish(config, out, urlPrefix);
      r.rejected().forEach(x -> err.println("publish: refused " + x));
      PrintWriter o = spec.commandLine().getOut();
      r.files().forEach(f -> o.println("wrote " + f));
      o.println("nginx: include " + r.nginxSnippet() + " in a server block");
      // The default state directory is relative to wherever this ran: say where it went.
      o.println("state: " + config.stateDir().toAbsolutePath() + " (keep it for the next publish)");
      if (r.demoCa() != null) {
        o.println("demo CA: " + r.demoCa().toAbsolutePath() + " (the clients' --anchor)");
      }
      return Main.EXIT_OK;
    } catch (NothingToServeException e) {
      e.rejected().forEach(x -> err.println("publish: refused " + x));
      return Main.EXIT_REFUSED;
    } catch (IOException | IllegalArgumentException e) {
      err.println("publish: " + e.getMessage());
      return Main.EXIT_USAGE;
    }
  }
}
