package org.altoredist.trust;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.Security;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * A signing key that stays in a PKCS#11 token (an HSM, or SoftHSM2 in tests), reached through
 * the JDK's SunPKCS11 provider. The key never leaves the token: {@link ResourceSigner} hands it to
 * the provider the JDK selects for it, and only signatures come out.
 *
 * <p>ECDSA P-256 only: SunPKCS11 on JDK 17 registers no EdDSA signature, although tokens such as
 * SoftHSM 2.6 offer it. The token must hold a certificate object with the key's CKA_ID, or the
 * JDK's PKCS11 key store does not list the key at all; its label is the alias.
 *
 * @param key the token's private key (not extractable: {@code getEncoded()} is null)
 * @param chain the certificate chain the token holds for it (often the signer certificate alone)
 * @param provider the provider configured for the token
 */
public record Pkcs11Key(PrivateKey key, List<X509Certificate> chain, Provider provider) {

  /**
   * Logs in to the token a SunPKCS11 configuration file describes (at least {@code name},
   * {@code library} and {@code slot} or {@code slotListIndex}) and takes the key under {@code alias}.
   *
   * @throws IOException if the configuration, the token, the PIN or the alias fails; the message says which
   */
  public static Pkcs11Key load(Path config, String alias, char[] pin) throws IOException {
    if (!Files.isRegularFile(config)) {
      throw new IOException("no PKCS#11 configuration file " + config);
    }
    Provider p;
    try {
      p = Security.getProvider("SunPKCS11").configure(config.toAbsolutePath().toString());
    } catch (RuntimeException e) {
      throw new IOException("the PKCS#11 configuration " + config + " is unusable: " + e.getMessage(), e);
    }
    // Registered so that Signature.getInstance without a provider finds the token for its keys.
    if (Security.getProvider(p.getName()) == null) {
      Security.addProvider(p);
    }
    try {
      KeyStore ks = KeyStore.getInstance("PKCS11", p);
      ks.load(null, pin);
      Key k = ks.getKey(alias, null);
      if (!(k instanceof PrivateKey key)) {
        throw new IOException("the token has no private key with a certificate under the alias " + alias
            + " (it lists " + java.util.Collections.list(ks.aliases()) + ")");
      }
      List<X509Certificate> chain = new ArrayList<>();
      Certificate[] certs = ks.getCertificateChain(alias);
      for (Certificate c : certs == null ? new Certificate[0] : certs) {
        chain.add((X509Certificate) c);
      }
      return new Pkcs11Key(key, List.copyOf(chain), p);
    } catch (GeneralSecurityException e) {
      throw new IOException("the PKCS#11 token refused: " + e.getMessage(), e);
    }
  }
}
