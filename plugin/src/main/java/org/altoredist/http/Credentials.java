package org.altoredist.http;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import org.altoredist.trust.Pem;
import org.altoredist.trust.Pki;
import org.altoredist.trust.SignatureAlgorithm;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's signing key and certificate chain, which also serve as its TLS credentials: the
 * operator's, or a demo PKI kept in {@code <state>/pki/} (a CA and a P-256 server certificate for
 * the service host, made on first use and reused after, so that clients anchored on the demo CA
 * keep working across restarts).
 */
record Credentials(PrivateKey key, List<X509Certificate> chain, Path demoCa) {

  private static final Logger log = LoggerFactory.getLogger(Credentials.class);

  static final String PKI_DIR = "pki";
  /** Demo certificates last a year: long enough for a demo, short enough to be obviously not for production. */
  private static final Duration DEMO_VALIDITY = Duration.ofDays(365);

  static Credentials of(ServiceConfig c) throws IOException {
    if (c.key() != null) {
      return new Credentials(c.key(), c.chain(), null);
    }
    return demo(c.stateDir().resolve(PKI_DIR), c.service().getHost().toLowerCase(Locale.ROOT), c.clock().instant());
  }

  /** The demo CA and a server certificate for {@code host}, made if absent or made for another host. */
  static Credentials demo(Path dir, String host, Instant now) throws IOException {
    Files.createDirectories(dir);
    Path caKey = dir.resolve("ca.key");
    Path caCert = dir.resolve("ca.pem");
    Instant from = now.truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofHours(1));
    if (!Files.exists(caKey) || !Files.exists(caCert)) {
      KeyPair ca = Pki.generateKeyPair(SignatureAlgorithm.ECDSA_P256);
      X509Certificate cert = Pki.rootCa(ca, "altoredist demo CA", from, from.plus(DEMO_VALIDITY.multipliedBy(10)),
          Pki.randomSerial());
      write(caKey, Pem.privateKey(ca.getPrivate()), true);
      write(caCert, Pem.certificates(List.of(cert)), false);
      log.info("made a demo CA in {}", caCert);
    }
    Path key = dir.resolve("server-" + host + ".key");
    Path cert = dir.resolve("server-" + host + ".pem");
    if (!Files.exists(key) || !Files.exists(cert) || expiresSoon(Pem.readCertificates(cert).get(0), now)) {
      KeyPair kp = Pki.generateKeyPair(SignatureAlgorithm.ECDSA_P256);
      X509Certificate ca = Pem.readCertificates(caCert).get(0);
      X509Certificate c = Pki.server(Pem.readPrivateKey(caKey), ca, kp.getPublic(), host, from,
          from.plus(DEMO_VALIDITY), Pki.randomSerial());
      write(key, Pem.privateKey(kp.getPrivate()), true);
      write(cert, Pem.certificates(List.of(c)), false);
      log.info("made a demo server certificate for {} in {}", host, cert);
    }
    return new Credentials(Pem.readPrivateKey(key), Pem.readCertificates(cert), caCert);
  }

  private static boolean expiresSoon(X509Certificate c, Instant now) {
    return c.getNotAfter().toInstant().isBefore(now.plus(Duration.ofDays(7)));
  }

  private static void write(Path file, String pem, boolean secret) throws IOException {
    Files.deleteIfExists(file);
    if (secret && FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    }
    Files.writeString(file, pem, StandardCharsets.US_ASCII);
  }

  /**
   * A TLS context presenting this chain. The key is re-read through the JDK's own providers, since
   * the JDK's TLS stack signs with them (Bouncy Castle keys are not theirs).
   */
  SSLContext serverTls() throws GeneralSecurityException {
    if (key.getEncoded() == null) {
      // A key that stays in a token (PKCS#11): TLS signs with it through the token's provider.
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(new KeyManager[] {new TokenKeyManager(key, (X509Certificate[]) jdkCertificates(chain))}, null, null);
      return ctx;
    }
    String alg = key.getAlgorithm().equals("ECDSA") ? "EC" : key.getAlgorithm();
    PrivateKey jdkKey = KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(key.getEncoded()));
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try {
      ks.load(null, null);
    } catch (IOException e) {
      throw new GeneralSecurityException(e);
    }
    char[] pass = "altoredist".toCharArray();
    ks.setKeyEntry("alto", jdkKey, pass, jdkCertificates(chain));
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, pass);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf.getKeyManagers(), null, null);
    return ctx;
  }

  /** A TLS context that trusts exactly these CA certificates; clients of a demo server use it. */
  static SSLContext trusting(List<X509Certificate> anchors) throws GeneralSecurityException {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try {
      ks.load(null, null);
    } catch (IOException e) {
      throw new GeneralSecurityException(e);
    }
    Certificate[] certs = jdkCertificates(anchors);
    for (int i = 0; i < certs.length; i++) {
      ks.setCertificateEntry("anchor-" + i, certs[i]);
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ks);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    return ctx;
  }

  private static Certificate[] jdkCertificates(List<X509Certificate> certs) throws GeneralSecurityException {
    CertificateFactory cf = CertificateFactory.getInstance("X.509");
    Certificate[] out = new X509Certificate[certs.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = cf.generateCertificate(new ByteArrayInputStream(certs.get(i).getEncoded()));
    }
    return out;
  }

  /** Presents one chain whose key cannot be put in a key store (it never leaves its token). */
  private static final class TokenKeyManager extends X509ExtendedKeyManager {
    private static final String ALIAS = "alto";
    private final PrivateKey key;
    private final X509Certificate[] chain;

    TokenKeyManager(PrivateKey key, X509Certificate[] chain) {
      this.key = key;
      this.chain = chain;
    }

    private String alias(String keyType) {
      return keyType.equals(chain[0].getPublicKey().getAlgorithm()) ? ALIAS : null;
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
      return alias(keyType);
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
      return alias(keyType);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
      return alias(keyType) == null ? null : new String[] {ALIAS};
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
      return null;
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
      return null;
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
      return ALIAS.equals(alias) ? chain.clone() : null;
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
      return ALIAS.equals(alias) ? key : null;
    }
  }
}
