package org.altoredist.trust;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyInfoFactory;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.bouncycastle.jce.ECNamedCurveTable;
import org.bouncycastle.jce.spec.ECNamedCurveParameterSpec;
import org.bouncycastle.jce.spec.ECPrivateKeySpec;
import org.bouncycastle.jce.spec.ECPublicKeySpec;

/**
 * TEST-ONLY keys, derived from their names so that the vectors can be rebuilt byte for byte:
 * an Ed25519 seed is SHA-256("altoredist TEST-ONLY key " + name); a P-256 scalar is that digest
 * reduced into [1, n-1]. Anyone can derive them; they protect nothing.
 */
final class TestKeys {

  private TestKeys() {}

  static KeyPair of(String name, SignatureAlgorithm algorithm) {
    byte[] seed = sha256("altoredist TEST-ONLY key " + name);
    try {
      if (algorithm == SignatureAlgorithm.ED25519) {
        Ed25519PrivateKeyParameters priv = new Ed25519PrivateKeyParameters(seed, 0);
        KeyFactory kf = KeyFactory.getInstance("Ed25519", SignatureAlgorithm.BC);
        return new KeyPair(
            kf.generatePublic(new X509EncodedKeySpec(
                SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(priv.generatePublicKey()).getEncoded())),
            kf.generatePrivate(new PKCS8EncodedKeySpec(PrivateKeyInfoFactory.createPrivateKeyInfo(priv).getEncoded())));
      }
      ECNamedCurveParameterSpec p256 = ECNamedCurveTable.getParameterSpec("secp256r1");
      BigInteger d = new BigInteger(1, seed).mod(p256.getN().subtract(BigInteger.ONE)).add(BigInteger.ONE);
      KeyFactory kf = KeyFactory.getInstance("EC", SignatureAlgorithm.BC);
      PublicKey pub = kf.generatePublic(new ECPublicKeySpec(p256.getG().multiply(d).normalize(), p256));
      return new KeyPair(pub, kf.generatePrivate(new ECPrivateKeySpec(d, p256)));
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("deriving test key " + name, e);
    }
  }

  static byte[] sha256(String s) {
    return sha256(s.getBytes(StandardCharsets.UTF_8));
  }

  static byte[] sha256(byte[] b) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(b);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
