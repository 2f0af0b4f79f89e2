package org.altoredist.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.altoredist.trust.Expectation;
import org.altoredist.trust.Limits;
import org.altoredist.trust.ResourceVerifier;
import org.altoredist.trust.SignedBundle;
import org.altoredist.trust.TrustPolicy;
import org.altoredist.trust.VerificationException;
import org.altoredist.trust.VerifiedResource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code verify}: checks a signed resource against a trust anchor or pin for an expected service. */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = {
        "Verify a signed resource bundle for an ALTO service.",
        "Or a body and its detached signature.",
        "Prints the verified descriptor, or the refusal: REASON (what to do about the sender): detail.",
        "Exit codes: 0 verified, 1 refused, 2 usage or I/O error."})
final class VerifyCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Parameters(index = "0", arity = "0..1", paramLabel = "BUNDLE", description = "The signed resource bundle.")
  Path bundle;

  @Option(names = "--body", paramLabel = "FILE", description = "Instead of a bundle: the plain body...")
  Path body;

  @Option(names = "--signature", paramLabel = "FILE", description = "...and its detached DER signature.")
  Path signature;

  @Option(names = "--service", required = true, paramLabel = "URI", description = "The expected service: its root IRD's URI.")
  String service;

  @Option(names = "--anchor", paramLabel = "FILE", description = "Trust anchor CA certificates (PEM); repeatable.")
  List<Path> anchors = new ArrayList<>();

  @Option(names = "--pin", paramLabel = "HEX", description = "A pinned signer key: SHA-256 of its SubjectPublicKeyInfo.")
  List<String> pins = new ArrayList<>();

  @Option(names = "--resource-id", paramLabel = "ID", description = "The resource asked for.")
  String resourceId;

  @Option(names = "--media-type", paramLabel = "TYPE", description = "The media type asked for.")
  String mediaType;

  @Option(names = "--held-sequence", paramLabel = "N", description = "Refuse versions older than this one.")
  Long heldSequence;

  @Option(names = "--held-vtag", paramLabel = "RID=TAG", description = "The network map held; the resource must depend on it.")
  String heldVtag;

  @Option(names = "--from-origin", description = "The copy came from the ALTO server itself, not from a peer.")
  boolean fromOrigin;

  @Option(names = "--local-address", paramLabel = "IP", description = "This client's address, for an audience scope.")
  List<String> localAddresses = new ArrayList<>();

  @Option(names = "--at", paramLabel = "TIME", description = "Verify as of this RFC 3339 UTC time instead of now.")
  Instant at;

  @Option(names = "--clock-skew", paramLabel = "DURATION", description = "Tolerated clock difference, ISO 8601 (default PT2M).")
  Duration clockSkew = TrustPolicy.DEFAULT_CLOCK_SKEW;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      if ((bundle == null) == (body == null || signature == null)) {
        throw new IllegalArgumentException("give a BUNDLE, or --body with --signature");
      }
      ResourceVerifier verifier = new ResourceVerifier(policy());
      VerifiedResource r = bundle != null
          ? verifier.verify(SignedBundle.read(bundle), expectation())
          : verifier.verifyDetached(read(body, Limits.MAX_BODY_BYTES), read(signature, Limits.MAX_SIGNATURE_BYTES),
              expectation());
      out.println("verified: signed " + r.signingTime() + " with " + r.algorithm() + " by "
          + r.signer().getSubjectX500Principal().getName() + (r.document() == null ? "" : "; " + r.document().summary()));
      out.println(new String(r.descriptor().encode(), StandardCharsets.US_ASCII));
      return Main.EXIT_OK;
    } catch (VerificationException e) {
      out.println("refused: " + e.reason() + " (" + e.reason().remedy() + "): " + e.getMessage());
      return Main.EXIT_REFUSED;
    } catch (IOException | IllegalArgumentException | IllegalStateException e) {
      err.println("verify: " + e.getMessage());
      return Main.EXIT_USAGE;
    }
  }

  private TrustPolicy policy() throws IOException {
    TrustPolicy.Builder b = TrustOptions.policy(service, anchors, pins).clockSkew(clockSkew);
    if (at != null) {
      b.clock(Clock.fixed(at, ZoneOffset.UTC));
    }
    return b.build();
  }

  private Expectation expectation() throws IOException {
    Expectation e = fromOrigin ? Expectation.fromOrigin(resourceId) : Expectation.fromPeer(resourceId);
    e = e.withMediaType(mediaType);
    if (heldSequence != null) {
      e = e.withHeldSequence(heldSequence);
    }
    if (heldVtag != null) {
      e = e.dependingOn(SignCommand.vtag(heldVtag));
    }
    List<InetAddress> local = new ArrayList<>();
    for (String a : localAddresses) {
      if (!a.matches("[0-9a-fA-F:.]+")) {
        throw new IllegalArgumentException("--local-address takes an IP address literal, not " + a);
      }
      local.add(InetAddress.getByName(a));
    }
    return e.withLocalAddresses(local);
  }

  /** Reads a file after checking its size against the format's limit; a bigger one is refused. */
  private static byte[] read(Path file, int limit) throws IOException, VerificationException {
    long size = Files.size(file);
    if (size > limit) {
      throw new VerificationException(VerificationException.Reason.TOO_LARGE, file + " is " + size + " bytes");
    }
    return Files.readAllBytes(file);
  }
}
