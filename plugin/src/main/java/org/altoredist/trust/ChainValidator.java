package org.altoredist.trust;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Arrays;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.altoredist.trust.VerificationException.Reason;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;

/**
 * Decides whether the signer's certificate speaks for the configured service (signed-resources.md
 * §3.4, §3.5): by a pinned key, or by a path to a configured anchor that RFC 5280 validation accepts
 * at a time within the clock skew of now, ending in a certificate that names the service's host.
 *
 * <p>The path is assembled here, not by a general path builder: from the signer upwards, each step
 * takes the one certificate of the signature's certificates field whose subject is the previous
 * certificate's issuer, never reusing one, for at most {@link Limits#MAX_CHAIN_DEPTH} steps. That
 * bounds the work on hostile bags (loops, deep chains, many same-named issuers) before any
 * signature on a certificate is checked.
 */
final class ChainValidator {

  /**
   * Paths already validated, by the SHA-256 of the exact certificate bytes presented (signer, then
   * the bag in order), with the period in which all of them are valid. One server signs every
   * resource of its service, so a verifier meets the same few paths again and again; a hit leaves
   * only the clock to check. 64 entries: a handful of services times key rollovers.
   */
  private static final int CACHE_ENTRIES = 64;

  private final List<X509CertificateHolder> anchors;
  private final List<byte[]> pins;
  private final Duration skew;
  private final Map<String, Instant[]> validated = Collections.synchronizedMap(
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Instant[]> eldest) {
          return size() > CACHE_ENTRIES;
        }
      });

  ChainValidator(List<X509CertificateHolder> anchors, List<byte[]> pins, Duration skew) {
    this.anchors = List.copyOf(anchors);
    this.pins = List.copyOf(pins);
    this.skew = skew;
  }

  /**
   * Extension values inside certificates are parsed only here, lazily; one that does not parse is
   * corrupt input like any other, not a chain problem.
   */
  Instant[] validate(X509CertificateHolder signer, List<X509CertificateHolder> bag, Instant now, String host)
      throws VerificationException {
    try {
      String key = pathKey(signer, bag);
      Instant[] window = validated.get(key);
      if (window == null) {
        window = check(signer, bag, now, host);
        validated.put(key, window);
      }
      requireNear(window, now);
      return window;
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new VerificationException(Reason.MALFORMED, "a certificate extension does not parse: " + e.getMessage(), e);
    }
  }

  /** Full validation; returns the period in which every certificate of the path is valid. */
  private Instant[] check(X509CertificateHolder signer, List<X509CertificateHolder> bag, Instant now, String host)
      throws VerificationException {
    if (!pins.isEmpty() && !pinned(signer)) {
      throw new VerificationException(Reason.UNKNOWN_SIGNER,
          "the signer key (SHA-256 of its SubjectPublicKeyInfo " + hex(spkiSha256(signer)) + ") is not pinned");
    }
    SignerCertificateRules.check(signer);
    if (anchors.isEmpty()) {
      Instant[] window = window(List.of(signer), now);
      requireNear(window, now);
      return window;
    }
    List<X509CertificateHolder> path = new ArrayList<>(List.of(signer));
    X509CertificateHolder anchor;
    while ((anchor = anchorOf(path.get(path.size() - 1))) == null) {
      if (path.size() == Limits.MAX_CHAIN_DEPTH) {
        throw new VerificationException(Reason.CHAIN_TOO_LONG,
            "no anchor within " + Limits.MAX_CHAIN_DEPTH + " certificates of the signer");
      }
      X509CertificateHolder next = issuerIn(bag, path);
      if (next == null) {
        throw new VerificationException(Reason.WRONG_ANCHOR, "the path ends at "
            + CertificateNames.text(path.get(path.size() - 1).getIssuer())
            + ", which is neither a configured anchor nor in the signature");
      }
      path.add(next);
    }
    List<X509CertificateHolder> all = new ArrayList<>(path);
    all.add(anchor);
    Instant[] window = window(all, now);
    pkix(path, anchor, requireNear(window, now));
    if (!HostNames.matches(signer, host)) {
      throw new VerificationException(Reason.WRONG_HOST, "the signer certificate names "
          + HostNames.describe(signer) + ", not the service host " + host);
    }
    return window;
  }

  /** RFC 5280 §6.1 path validation by Bouncy Castle, at an instant every certificate is valid. */
  private static void pkix(List<X509CertificateHolder> path, X509CertificateHolder anchor, Instant at)
      throws VerificationException {
    try {
      JcaX509CertificateConverter conv = new JcaX509CertificateConverter().setProvider(SignatureAlgorithm.BC);
      List<X509Certificate> certs = new ArrayList<>();
      for (X509CertificateHolder h : path) {
        certs.add(conv.getCertificate(h));
      }
      CertPath cp = CertificateFactory.getInstance("X.509", SignatureAlgorithm.BC).generateCertPath(certs);
      PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(conv.getCertificate(anchor), null)));
      params.setRevocationEnabled(false);
      params.setDate(Date.from(at));
      CertPathValidator.getInstance("PKIX", SignatureAlgorithm.BC).validate(cp, params);
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new VerificationException(Reason.INVALID_CHAIN, "RFC 5280 path validation: " + e.getMessage(), e);
    }
  }

  /** The period in which every certificate is valid; each must be valid within the skew of now. */
  private Instant[] window(List<X509CertificateHolder> certs, Instant now) throws VerificationException {
    Instant from = Instant.MIN;
    Instant to = Instant.MAX;
    for (X509CertificateHolder c : certs) {
      Instant nb = c.getNotBefore().toInstant();
      Instant na = c.getNotAfter().toInstant();
      if (nb.isAfter(now.plus(skew)) || na.isBefore(now.minus(skew))) {
        throw new VerificationException(Reason.CERT_NOT_VALID_NOW, "certificate "
            + CertificateNames.text(c.getSubject()) + " is valid from " + nb + " to " + na + ", now is " + now + " (skew " + skew + ")");
      }
      from = nb.isAfter(from) ? nb : from;
      to = na.isBefore(to) ? na : to;
    }
    return new Instant[] {from, to};
  }

  /** The instant closest to now inside the window, which must be within the skew of now. */
  Instant requireNear(Instant[] window, Instant now) throws VerificationException {
    Instant at = now.isBefore(window[0]) ? window[0] : now.isAfter(window[1]) ? window[1] : now;
    if (window[0].isAfter(window[1]) || Duration.between(at, now).abs().compareTo(skew) > 0) {
      throw new VerificationException(Reason.CERT_NOT_VALID_NOW, "the path is valid from " + window[0]
          + " to " + window[1] + ", now is " + now + " (skew " + skew + ")");
    }
    return at;
  }

  private static String pathKey(X509CertificateHolder signer, List<X509CertificateHolder> bag) throws VerificationException {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(signer.getEncoded());
      for (X509CertificateHolder c : bag) {
        md.update(c.getEncoded());
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (GeneralSecurityException | IOException e) {
      throw new VerificationException(Reason.MALFORMED, "certificate not encodable: " + e.getMessage(), e);
    }
  }

  private X509CertificateHolder anchorOf(X509CertificateHolder c) {
    for (X509CertificateHolder a : anchors) {
      if (a.getSubject().equals(c.getIssuer()) && keyIdsAgree(c, a)) {
        return a;
      }
    }
    return null;
  }

  private static X509CertificateHolder issuerIn(List<X509CertificateHolder> bag, List<X509CertificateHolder> path) {
    X509CertificateHolder child = path.get(path.size() - 1);
    for (X509CertificateHolder c : bag) {
      if (c.getSubject().equals(child.getIssuer()) && keyIdsAgree(child, c) && !path.contains(c)) {
        return c;
      }
    }
    return null;
  }

  /** RFC 5280 §4.2.1.1: where both identifiers are present they must agree. */
  private static boolean keyIdsAgree(X509CertificateHolder child, X509CertificateHolder issuer) {
    Extension aki = child.getExtension(Extension.authorityKeyIdentifier);
    Extension ski = issuer.getExtension(Extension.subjectKeyIdentifier);
    if (aki == null || ski == null) {
      return true;
    }
    byte[] want = AuthorityKeyIdentifier.getInstance(aki.getParsedValue()).getKeyIdentifierOctets();
    byte[] have = SubjectKeyIdentifier.getInstance(ski.getParsedValue()).getKeyIdentifier();
    return want == null || Arrays.equals(want, have);
  }

  private boolean pinned(X509CertificateHolder signer) {
    byte[] h = spkiSha256(signer);
    return pins.stream().anyMatch(p -> MessageDigest.isEqual(p, h));
  }

  static byte[] spkiSha256(X509CertificateHolder c) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(c.getSubjectPublicKeyInfo().getEncoded());
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("SHA-256 over an encodable key cannot fail", e);
    }
  }

  static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }
}
