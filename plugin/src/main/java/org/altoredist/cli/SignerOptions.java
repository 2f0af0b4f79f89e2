package org.altoredist.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import org.altoredist.trust.Pem;
import org.altoredist.trust.Pkcs11Key;
import picocli.CommandLine.Option;

/**
 * Where the signing key is, for {@code sign}, {@code serve} and {@code publish}: a PEM file, or a
 * PKCS#11 token (an HSM) through the JDK's SunPKCS11 provider, the key never leaving the token.
 */
final class SignerOptions {

  /** The environment variable a token's PIN may come from, so that it appears in no file and no command line. */
  static final String PIN_VARIABLE = "ALTOREDIST_PKCS11_PIN";

  @Option(names = "--key", paramLabel = "FILE", description = "The signing key (PEM).")
  Path key;

  @Option(names = "--chain", paramLabel = "FILE",
      description = "The signer certificate, then any intermediates (PEM). With --pkcs11: default the token's chain.")
  Path chain;

  @Option(names = "--pkcs11", paramLabel = "CONFIG",
      description = "Sign with a key in a PKCS#11 token: a SunPKCS11 configuration file (name, library, slotListIndex).")
  Path pkcs11;

  @Option(names = "--key-alias", paramLabel = "ALIAS", description = "With --pkcs11: the key's label in the token.")
  String alias;

  @Option(names = "--pin-file", paramLabel = "FILE",
      description = "With --pkcs11: a file holding the token's user PIN (default: the " + PIN_VARIABLE + " variable).")
  Path pinFile;

  /** A key and the chain that goes with it. */
  record Signer(PrivateKey key, List<X509Certificate> chain) {}

  /** The signer the options name, or null when they name none. */
  Signer signer() throws IOException {
    if (pkcs11 != null) {
      if (key != null) {
        throw new IllegalArgumentException("give --key or --pkcs11, not both");
      }
      if (alias == null) {
        throw new IllegalArgumentException("--pkcs11 needs --key-alias, the key's label in the token");
      }
      Pkcs11Key k = Pkcs11Key.load(pkcs11, alias, pin());
      List<X509Certificate> c = chain != null ? Pem.readCertificates(chain) : k.chain();
      if (c.isEmpty()) {
        throw new IllegalArgumentException("the token holds no certificate for " + alias + ": give --chain");
      }
      return new Signer(k.key(), c);
    }
    if ((key == null) != (chain == null)) {
      throw new IllegalArgumentException("give --key and --chain together");
    }
    return key == null ? null : new Signer(Pem.readPrivateKey(key), Pem.readCertificates(chain));
  }

  private char[] pin() throws IOException {
    if (pinFile != null) {
      return Files.readString(pinFile, StandardCharsets.UTF_8).strip().toCharArray();
    }
    String v = System.getenv(PIN_VARIABLE);
    if (v == null) {
      throw new IllegalArgumentException("--pkcs11 needs the token's PIN: --pin-file or " + PIN_VARIABLE);
    }
    return v.toCharArray();
  }
}
