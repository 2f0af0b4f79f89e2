package org.altoredist.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.altoredist.trust.Pem;
import org.altoredist.trust.Pki;
import org.altoredist.trust.SignatureAlgorithm;
import org.altoredist.trust.TrustPolicy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pki ca} and {@code pki server}: a demo CA and ALTO server signing certificates, as PEM files. */
@Command(
    name = "pki",
    mixinStandardHelpOptions = true,
    description = {
        "Make a demo CA and ALTO server signing keys (PEM files).",
        "The CA issues the servers' certificates.",
        "For demos and tests: the private keys are written unencrypted.",
        "Exit codes: 0 written, 2 usage or I/O error."})
final class PkiCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  /** Algorithm names on the command line; P-256 is the default because stock openssl verifies it. */
  enum Algorithm {
    p256(SignatureAlgorithm.ECDSA_P256), ed25519(SignatureAlgorithm.ED25519);

    final SignatureAlgorithm value;

    Algorithm(SignatureAlgorithm value) {
      this.value = value;
    }
  }

  /** Without a subcommand there is nothing to do: say what there is. */
  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return Main.EXIT_USAGE;
  }

  @Command(name = "ca", mixinStandardHelpOptions = true,
      description = "Generate a self-signed CA key and certificate.")
  int ca(
      @Option(names = "--out-key", required = true, paramLabel = "FILE", description = "Where the CA's private key goes.") Path outKey,
      @Option(names = "--out-cert", required = true, paramLabel = "FILE", description = "Where the CA certificate goes.") Path outCert,
      @Option(names = "--name", defaultValue = "altoredist demo CA", paramLabel = "CN",
          description = "The CA's common name (default: ${DEFAULT-VALUE}).") String name,
      @Option(names = "--algorithm", defaultValue = "p256", paramLabel = "ALG",
          description = "p256 or ed25519 (default: ${DEFAULT-VALUE}).") Algorithm algorithm,
      @Option(names = "--days", defaultValue = "3650", paramLabel = "N", description = "Validity (default: ${DEFAULT-VALUE}).") int days) {
    KeyPair kp = Pki.generateKeyPair(algorithm.value);
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    X509Certificate cert = Pki.rootCa(kp, name, now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(days)),
        Pki.randomSerial());
    return write(kp, cert, outKey, outCert);
  }

  @Command(name = "server", mixinStandardHelpOptions = true,
      description = {"Generate an ALTO server's signing key and certificate.",
          "The certificate names its host and is issued by the CA."})
  int server(
      @Option(names = "--ca-key", required = true, paramLabel = "FILE", description = "The CA's private key.") Path caKey,
      @Option(names = "--ca-cert", required = true, paramLabel = "FILE", description = "The CA certificate.") Path caCert,
      @Option(names = "--host", required = true, paramLabel = "HOST",
          description = "The ALTO service's host (of its IRD URI): a DNS name or IPv4 address.") String host,
      @Option(names = "--out-key", required = true, paramLabel = "FILE", description = "Where the server key goes.") Path outKey,
      @Option(names = "--out-cert", required = true, paramLabel = "FILE", description = "Where the server certificate goes.") Path outCert,
      @Option(names = "--algorithm", defaultValue = "p256", paramLabel = "ALG",
          description = "p256 or ed25519 (default: ${DEFAULT-VALUE}).") Algorithm algorithm,
      @Option(names = "--days", defaultValue = "90", paramLabel = "N", description = "Validity (default: ${DEFAULT-VALUE}).") int days) {
    try {
      X509Certificate ca = Pem.readCertificates(caCert).get(0);
      KeyPair kp = Pki.generateKeyPair(algorithm.value);
      Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
      X509Certificate cert = Pki.server(Pem.readPrivateKey(caKey), ca, kp.getPublic(), host.toLowerCase(Locale.ROOT),
          now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(days)), Pki.randomSerial());
      return write(kp, cert, outKey, outCert);
    } catch (IOException | IllegalArgumentException e) {
      spec.commandLine().getErr().println("pki server: " + e.getMessage());
      return Main.EXIT_USAGE;
    }
  }

  private int write(KeyPair kp, X509Certificate cert, Path outKey, Path outCert) {
    try {
      writeFiles(kp, cert, outKey, outCert);
    } catch (IOException e) {
      spec.commandLine().getErr().println("pki: cannot write: " + e);
      return Main.EXIT_USAGE;
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println("wrote " + outKey + " and " + outCert + ": " + cert.getSubjectX500Principal().getName()
        + ", valid until " + cert.getNotAfter().toInstant());
    out.println("pin (SHA-256 of the public key): " + HexFormat.of().formatHex(TrustPolicy.pinOf(cert)));
    return Main.EXIT_OK;
  }

  private static void writeFiles(KeyPair kp, X509Certificate cert, Path outKey, Path outCert) throws IOException {
    Files.deleteIfExists(outKey);
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      Files.createFile(outKey, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    }
    Files.writeString(outKey, Pem.privateKey(kp.getPrivate()), StandardCharsets.US_ASCII);
    Files.writeString(outCert, Pem.certificates(List.of(cert)), StandardCharsets.US_ASCII);
  }
}
