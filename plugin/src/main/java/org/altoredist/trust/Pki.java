package org.altoredist.trust;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Date;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.bc.BcX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.operator.ContentSigner;

/**
 * Certificates for operators and demos (signed-resources.md §3.6): a CA, optional intermediates,
 * and ALTO server certificates that name the service host in subjectAltName. Certificates are
 * signed deterministically (Ed25519, or RFC 6979 ECDSA), so fixed keys, names, serials and dates
 * give the same bytes; the test vectors rely on it.
 */
public final class Pki {

  private static final Pattern IPV4 = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");

  private Pki() {}

  /** A fresh key pair from the platform's strong random source. */
  public static KeyPair generateKeyPair(SignatureAlgorithm algorithm) {
    try {
      if (algorithm == SignatureAlgorithm.ED25519) {
        return KeyPairGenerator.getInstance("Ed25519", SignatureAlgorithm.BC).generateKeyPair();
      }
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC", SignatureAlgorithm.BC);
      g.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Bouncy Castle generates " + algorithm + " keys", e);
    }
  }

  /** A random positive 127-bit serial number (RFC 5280 §4.1.2.2 allows up to 20 octets). */
  public static BigInteger randomSerial() {
    return new BigInteger(127, new SecureRandom()).add(BigInteger.ONE);
  }

  /** A self-signed root CA certificate. */
  public static X509Certificate rootCa(KeyPair ca, String commonName, Instant notBefore, Instant notAfter,
      BigInteger serial) {
    X500Name name = name(commonName);
    return issue(ca.getPrivate(), name, null, ca.getPublic(), name, notBefore, notAfter, serial, Role.CA);
  }

  /** An intermediate CA certificate, signed by {@code issuer}. */
  public static X509Certificate intermediateCa(PrivateKey issuerKey, X509Certificate issuer, PublicKey key,
      String commonName, Instant notBefore, Instant notAfter, BigInteger serial) {
    return issue(issuerKey, subject(issuer), issuer, key, name(commonName), notBefore, notAfter, serial, Role.CA);
  }

  /**
   * An ALTO server's signing certificate for {@code host} (a DNS name or an IPv4 literal): an end
   * entity with keyUsage digitalSignature, the host in subjectAltName, and no extendedKeyUsage.
   */
  public static X509Certificate server(PrivateKey issuerKey, X509Certificate issuer, PublicKey key, String host,
      Instant notBefore, Instant notAfter, BigInteger serial) {
    return issue(issuerKey, subject(issuer), issuer, key, name(host), notBefore, notAfter, serial,
        IPV4.matcher(host).matches() ? Role.SERVER_IP : Role.SERVER_DNS);
  }

  private enum Role { CA, SERVER_DNS, SERVER_IP }

  private static X509Certificate issue(PrivateKey issuerKey, X500Name issuerName, X509Certificate issuer,
      PublicKey key, X500Name subject, Instant notBefore, Instant notAfter, BigInteger serial, Role role) {
    try {
      SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(key.getEncoded());
      BcX509ExtensionUtils ext = new BcX509ExtensionUtils();
      X509v3CertificateBuilder b = new X509v3CertificateBuilder(issuerName, serial, Date.from(notBefore),
          Date.from(notAfter), subject, spki);
      boolean ca = role == Role.CA;
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
      b.addExtension(Extension.keyUsage, true,
          new KeyUsage(ca ? KeyUsage.keyCertSign | KeyUsage.cRLSign : KeyUsage.digitalSignature));
      b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(spki));
      if (issuer != null) {
        b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(
            SubjectPublicKeyInfo.getInstance(issuer.getPublicKey().getEncoded())));
      }
      if (!ca) {
        String host = subject.getRDNs(BCStyle.CN)[0].getFirst().getValue().toString();
        ASN1Encodable san = new GeneralNames(new GeneralName(
            role == Role.SERVER_IP ? GeneralName.iPAddress : GeneralName.dNSName, host));
        b.addExtension(Extension.subjectAlternativeName, false, san);
      }
      X509CertificateHolder h = b.build(contentSigner(issuerKey));
      return new JcaX509CertificateConverter().setProvider(SignatureAlgorithm.BC).getCertificate(h);
    } catch (CertIOException | CertificateException e) {
      throw new IllegalArgumentException("cannot issue a certificate for " + subject + ": " + e.getMessage(), e);
    }
  }

  private static X500Name name(String commonName) {
    return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
  }

  private static X500Name subject(X509Certificate c) {
    return X500Name.getInstance(c.getSubjectX500Principal().getEncoded());
  }

  /** Signs a certificate the way {@link ResourceSigner} signs resources: deterministically. */
  private static ContentSigner contentSigner(PrivateKey key) {
    // Providers name EC keys "EC" or "ECDSA"; the PKCS#8 algorithm identifier is unambiguous.
    ASN1ObjectIdentifier keyType = PrivateKeyInfo.getInstance(key.getEncoded()).getPrivateKeyAlgorithm().getAlgorithm();
    SignatureAlgorithm alg = keyType.equals(X9ObjectIdentifiers.id_ecPublicKey) ? SignatureAlgorithm.ECDSA_P256
        : SignatureAlgorithm.ED25519;
    ByteArrayOutputStream tbs = new ByteArrayOutputStream();
    return new ContentSigner() {
      @Override
      public AlgorithmIdentifier getAlgorithmIdentifier() {
        return alg.signatureIdentifier();
      }

      @Override
      public OutputStream getOutputStream() {
        return tbs;
      }

      @Override
      public byte[] getSignature() {
        try {
          Signature s = alg.newSigner(key);
          s.initSign(key);
          s.update(tbs.toByteArray());
          return s.sign();
        } catch (GeneralSecurityException e) {
          throw new IllegalArgumentException("the issuer key cannot sign as " + alg + ": " + e.getMessage(), e);
        }
      }
    };
  }
}
