package org.altoredist.trust;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.altoredist.trust.VerificationException.Reason;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Set;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.Time;

/**
 * The signed attributes this format requires (signed-resources.md §3.2): content-type id-data,
 * message-digest of the body, signing-time, and the descriptor's exact bytes. Each appears once
 * with one value (RFC 5652 §11); attributes of other types are authenticated but ignored.
 */
record SignedAttributes(byte[] messageDigest, Instant signingTime, byte[] descriptor) {

  /**
   * The descriptor attribute, named under the UUID arc (ITU-T X.667, 2.25) so that no registration
   * is needed: UUID 36c549b4-8c43-4da8-972d-cbc7adfe7827.
   */
  static final ASN1ObjectIdentifier DESCRIPTOR = new ASN1ObjectIdentifier("2.25.72802689173896403456216066273467856935");

  static SignedAttributes parse(ASN1Set attributes, SignatureAlgorithm algorithm) throws VerificationException {
    byte[] digest = null;
    Instant time = null;
    byte[] descriptor = null;
    boolean dataContent = false;
    Set<ASN1ObjectIdentifier> seen = new HashSet<>();
    try {
      for (ASN1Encodable e : attributes) {
        Attribute a = Attribute.getInstance(e);
        ASN1ObjectIdentifier type = a.getAttrType();
        if (!seen.add(type)) {
          throw malformed("attribute " + type + " appears twice");
        }
        boolean ours = type.equals(CMSAttributes.contentType) || type.equals(CMSAttributes.messageDigest)
            || type.equals(CMSAttributes.signingTime) || type.equals(DESCRIPTOR);
        if (!ours) {
          continue;
        }
        if (a.getAttrValues().size() != 1) {
          throw malformed("attribute " + type + " has " + a.getAttrValues().size() + " values");
        }
        ASN1Encodable value = a.getAttrValues().getObjectAt(0);
        if (type.equals(CMSAttributes.contentType)) {
          dataContent = CMSObjectIdentifiers.data.equals(value);
        } else if (type.equals(CMSAttributes.messageDigest)) {
          digest = ASN1OctetString.getInstance(value).getOctets();
        } else if (type.equals(CMSAttributes.signingTime)) {
          time = Time.getInstance(value).getDate().toInstant();
        } else {
          descriptor = ASN1OctetString.getInstance(value).getOctets();
        }
      }
    } catch (RuntimeException e) {
      throw new VerificationException(Reason.MALFORMED, "signed attributes: " + e.getMessage(), e);
    }
    if (!dataContent) {
      throw malformed("content-type attribute missing or not id-data");
    }
    if (digest == null || digest.length != algorithm.digestLength()) {
      throw malformed("message-digest attribute missing or not a " + algorithm + " digest");
    }
    if (time == null) {
      throw malformed("signing-time attribute missing");
    }
    if (descriptor == null) {
      throw malformed("descriptor attribute " + DESCRIPTOR + " missing");
    }
    if (descriptor.length > Limits.MAX_DESCRIPTOR_BYTES) {
      throw new VerificationException(Reason.TOO_LARGE, "descriptor of " + descriptor.length + " bytes");
    }
    return new SignedAttributes(digest, time, descriptor);
  }

  private static VerificationException malformed(String message) {
    return new VerificationException(Reason.MALFORMED, "signed attributes: " + message);
  }
}
