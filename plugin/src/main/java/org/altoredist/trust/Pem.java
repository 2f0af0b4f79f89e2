package org.altoredist.trust;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * PEM files as openssl reads and writes them (RFC 7468): certificates, and unencrypted PKCS#8
 * private keys ("PRIVATE KEY"; SEC 1 "EC PRIVATE KEY" is read too). Written with "\n" line ends
 * and 64-column base64 on every platform, so equal inputs give equal files.
 */
public final class Pem {

  /** Larger than any key or chain file; bounds what a mistaken path makes the tool read. */
  private static final long MAX_FILE_BYTES = 1024 * 1024;

  private Pem() {}

  public static String certificates(List<X509Certificate> certs) {
    StringBuilder sb = new StringBuilder();
    for (X509Certificate c : certs) {
      try {
        block(sb, "CERTIFICATE", c.getEncoded());
      } catch (CertificateEncodingException e) {
        throw new IllegalArgumentException("unencodable certificate " + c.getSubjectX500Principal(), e);
      }
    }
    return sb.toString();
  }

  public static String privateKey(PrivateKey key) {
    if (!"PKCS#8".equals(key.getFormat())) {
      throw new IllegalArgumentException("the key has no PKCS#8 encoding");
    }
    return block(new StringBuilder(), "PRIVATE KEY", key.getEncoded()).toString();
  }

  /** Every certificate in a PEM file, in file order; other PEM blocks are an error. */
  public static List<X509Certificate> readCertificates(Path file) throws IOException {
    List<X509Certificate> out = new ArrayList<>();
    try (PEMParser p = new PEMParser(reader(file))) {
      Object o;
      while ((o = p.readObject()) != null) {
        if (!(o instanceof X509CertificateHolder h)) {
          throw new IOException(file + ": a " + o.getClass().getSimpleName() + " where certificates were expected");
        }
        out.add(new JcaX509CertificateConverter().setProvider(SignatureAlgorithm.BC).getCertificate(h));
      }
    } catch (CertificateException | RuntimeException e) {
      throw new IOException(file + ": not a PEM certificate file: " + e.getMessage(), e);
    }
    if (out.isEmpty()) {
      throw new IOException(file + ": no PEM certificate in it");
    }
    return out;
  }

  /** The first private key in a PEM file. */
  public static PrivateKey readPrivateKey(Path file) throws IOException {
    try (PEMParser p = new PEMParser(reader(file))) {
      Object o = p.readObject();
      JcaPEMKeyConverter conv = new JcaPEMKeyConverter().setProvider(SignatureAlgorithm.BC);
      if (o instanceof PrivateKeyInfo info) {
        return conv.getPrivateKey(info);
      }
      if (o instanceof PEMKeyPair pair) {
        return conv.getKeyPair(pair).getPrivate();
      }
      throw new IOException(file + ": no unencrypted PEM private key in it");
    } catch (RuntimeException e) {
      throw new IOException(file + ": not a PEM private key: " + e.getMessage(), e);
    }
  }

  private static Reader reader(Path file) throws IOException {
    long size = Files.size(file);
    if (size > MAX_FILE_BYTES) {
      throw new IOException(file + " is " + size + " bytes; PEM files here are at most " + MAX_FILE_BYTES);
    }
    return new StringReader(Files.readString(file, StandardCharsets.US_ASCII));
  }

  private static StringBuilder block(StringBuilder sb, String label, byte[] der) {
    sb.append("-----BEGIN ").append(label).append("-----\n");
    sb.append(Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)).append('\n');
    return sb.append("-----END ").append(label).append("-----\n");
  }
}
