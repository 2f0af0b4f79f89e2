package org.altoredist.engine.sim;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyInfoFactory;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * Ed25519 keys derived from the simulation's seed, so that a run's certificates and signed bundles
 * are the same bytes every time: the private key's seed is SHA-256("altoredist simulation key " +
 * name + " " + seed). These keys protect nothing; they exist only inside a simulation.
 */
final class SimKeys {

  private static final BouncyCastleProvider BC = new BouncyCastleProvider();

  private SimKeys() {}

  static KeyPair ed25519(String name, long seed) {
    try {
      byte[] s = MessageDigest.getInstance("SHA-256")
          .digest(("altoredist simulation key " + name + " " + seed).getBytes(StandardCharsets.US_ASCII));
      Ed25519PrivateKeyParameters priv = new Ed25519PrivateKeyParameters(s, 0);
      KeyFactory kf = KeyFactory.getInstance("Ed25519", BC);
      return new KeyPair(
          kf.generatePublic(new X509EncodedKeySpec(
              SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(priv.generatePublicKey()).getEncoded())),
          kf.generatePrivate(new PKCS8EncodedKeySpec(PrivateKeyInfoFactory.createPrivateKeyInfo(priv).getEncoded())));
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("deriving simulation key " + name, e);
    }
  }
}
