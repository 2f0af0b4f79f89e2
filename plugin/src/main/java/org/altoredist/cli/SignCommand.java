package org.altoredist.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.altoredist.alto.AltoDocuments;
import org.altoredist.alto.AltoValidationException;
import org.altoredist.alto.CostType;
import org.altoredist.alto.VersionTag;
import org.altoredist.trust.Descriptor;
import org.altoredist.trust.Descriptors;
import org.altoredist.trust.Limits;
import org.altoredist.trust.RedistributionScope;
import org.altoredist.trust.ResourceSigner;
import org.altoredist.trust.SignedBundle;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sign}: an ALTO response body plus its descriptor, signed into a bundle (and a detached signature). */
@Command(
    name = "sign",
    mixinStandardHelpOptions = true,
    description = {
        "Sign an ALTO response as a signed resource bundle.",
        "The response's exact bytes are signed (signed-resources.md).",
        "Describe the resource with --ird and --resource-id (request URI, media type, cost type and"
            + " version tags are then taken from the IRD and the body), or field by field.",
        "Exit codes: 0 signed, 2 usage or I/O error (including a body the IRD does not describe)."})
final class SignCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--body", required = true, paramLabel = "FILE", description = "The ALTO response body, signed byte for byte.")
  Path body;

  /** --key and --chain, or --pkcs11 and --key-alias. */
  @Mixin
  SignerOptions signerOptions = new SignerOptions();

  @Option(names = "--service", required = true, paramLabel = "URI", description = "The service identity: its root IRD's URI.")
  String service;

  @Option(names = "--resource-id", paramLabel = "ID", description = "The resource's ID in the IRD; omit for the root IRD itself.")
  String resourceId;

  @ArgGroup(exclusive = true)
  Source source = new Source();

  static final class Source {
    @Option(names = "--ird", paramLabel = "FILE", description = "The root IRD that names the resource.")
    Path ird;

    @ArgGroup(exclusive = false)
    Fields fields;
  }

  static final class Fields {
    @Option(names = "--media-type", required = true, paramLabel = "TYPE", description = "The response's media type.")
    String mediaType;

    @Option(names = "--request", required = true, paramLabel = "URI", description = "The GET URI the body answers.")
    String request;

    @Option(names = "--vtag", paramLabel = "RID=TAG", description = "The resource's own version tag (network maps).")
    String vtag;

    @Option(names = "--dependent-vtag", paramLabel = "RID=TAG", description = "A version it depends on (cost maps: one).")
    List<String> dependentVtags = new ArrayList<>();

    @Option(names = "--cost-metric", paramLabel = "METRIC", description = "The cost map's cost metric.")
    String costMetric;

    @Option(names = "--cost-mode", paramLabel = "MODE", description = "The cost map's cost mode.")
    String costMode;
  }

  @Option(names = "--sequence", required = true, paramLabel = "N",
      description = "Grows with every new version of this (service, resource).")
  long sequence;

  @Option(names = "--not-before", paramLabel = "TIME", description = "RFC 3339 UTC time; default now.")
  Instant notBefore;

  @Option(names = "--lifetime", defaultValue = "P1D", paramLabel = "DURATION",
      description = "How long after not-before it may be used, ISO 8601 (default: ${DEFAULT-VALUE}).")
  Duration lifetime;

  @Option(names = "--scope", defaultValue = "service", paramLabel = "SCOPE",
      description = "Who may receive it from peers: none, service or audience (default: ${DEFAULT-VALUE}).")
  String scope;

  @Option(names = "--audience", paramLabel = "PREFIX", description = "With --scope audience: a prefix of the audience.")
  List<String> audience = new ArrayList<>();

  @Option(names = "--signing-time", paramLabel = "TIME", description = "RFC 3339 UTC time to record; default now.")
  Instant signingTime;

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where the bundle goes.")
  Path out;

  @Option(names = "--signature-out", paramLabel = "FILE",
      description = "Also write the detached DER CMS signature, to serve beside the plain body.")
  Path signatureOut;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    try {
      if (Files.size(body) > Limits.MAX_BODY_BYTES) {
        throw new IllegalArgumentException(body + " exceeds the " + Limits.MAX_BODY_BYTES + "-byte body limit");
      }
      byte[] bytes = Files.readAllBytes(body);
      Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
      Instant from = notBefore == null ? now : notBefore;
      Descriptor d = describe(bytes, from, from.plus(lifetime));
      SignerOptions.Signer k = signerOptions.signer();
      if (k == null) {
        throw new IllegalArgumentException("give the signing key: --key and --chain, or --pkcs11 and --key-alias");
      }
      ResourceSigner signer = new ResourceSigner(k.key(), k.chain());
      byte[] sig = signer.signDetached(bytes, d, signingTime == null ? now : signingTime);
      Files.write(out, SignedBundle.of(sig, bytes).encoded());
      if (signatureOut != null) {
        Files.write(signatureOut, sig);
      }
      spec.commandLine().getOut().println("signed " + out + " (" + signer.algorithm() + "): "
          + new String(d.encode(), StandardCharsets.US_ASCII));
      return Main.EXIT_OK;
    } catch (IOException | IllegalArgumentException | AltoValidationException e) {
      err.println("sign: " + e.getMessage());
      return Main.EXIT_USAGE;
    }
  }

  private Descriptor describe(byte[] bytes, Instant from, Instant until) throws IOException, AltoValidationException {
    RedistributionScope s = ServiceOptions.scope(scope, audience);
    if (source.ird != null) {
      return Descriptors.fromDirectory(service, AltoDocuments.parseDirectory(Files.readAllBytes(source.ird)),
          resourceId, bytes, sequence, from, until, s);
    }
    Fields f = source.fields;
    if (f == null) {
      throw new IllegalArgumentException("describe the resource with --ird, or with --media-type and --request");
    }
    CostType cost = f.costMetric == null && f.costMode == null ? null : new CostType(f.costMetric, f.costMode);
    return new Descriptor(service, resourceId, f.mediaType, f.request, f.vtag == null ? null : vtag(f.vtag),
        f.dependentVtags.stream().map(SignCommand::vtag).toList(), cost, sequence, from, until, s);
  }

  /** "RID=TAG": a resource ID has no '=' (RFC 7285 §10.2), so the first one separates. */
  static VersionTag vtag(String text) {
    int eq = text.indexOf('=');
    if (eq < 0) {
      throw new IllegalArgumentException("a version tag is written RESOURCE-ID=TAG, not " + text);
    }
    return new VersionTag(text.substring(0, eq), text.substring(eq + 1));
  }
}
