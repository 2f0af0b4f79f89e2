package org.altoredist.trust;

import java.util.List;
import org.altoredist.alto.AltoDocument;
import org.altoredist.alto.AltoDocuments;
import org.altoredist.alto.AltoValidationException;
import org.altoredist.alto.CostMap;
import org.altoredist.alto.DocumentType;
import org.altoredist.alto.NetworkMap;
import org.altoredist.trust.VerificationException.Reason;

/**
 * The last step of verification (signed-resources.md §5 step 14): the body, now known to be the
 * signed one, is parsed by the ALTO model and its meta must say what the descriptor says. A
 * server that signs a descriptor its body contradicts has published something no client can use.
 */
final class BodyCheck {

  private BodyCheck() {}

  /** The parsed body, or null for a media type the ALTO model does not parse (kept as bytes). */
  static AltoDocument parse(Descriptor d, byte[] body) throws VerificationException {
    DocumentType type = DocumentType.ofMediaType(d.mediaType());
    if (type == null) {
      return null;
    }
    try {
      switch (type) {
        case NETWORK_MAP -> {
          NetworkMap nm = AltoDocuments.parseNetworkMap(body);
          agree("vtag", d.vtag(), nm.vtag());
          return nm;
        }
        case COST_MAP -> {
          CostMap cm = AltoDocuments.parseCostMap(body);
          agree("dependent-vtags", d.dependentVtags(), List.of(cm.dependentVtag()));
          agree("cost-type", d.costType(), cm.costType());
          return cm;
        }
        case DIRECTORY -> {
          return d.resourceId() == null ? AltoDocuments.parseDirectory(body)
              : AltoDocuments.parseDelegatedDirectory(body);
        }
        default -> throw new VerificationException(Reason.BODY_INVALID,
            "an " + d.mediaType() + " document is not a redistributable resource");
      }
    } catch (AltoValidationException e) {
      throw new VerificationException(Reason.BODY_INVALID, "the signed body is not a valid " + d.mediaType()
          + " (" + e.errors().size() + " problems, first: " + e.first() + ")", e);
    }
  }

  private static void agree(String field, Object signed, Object inBody) throws VerificationException {
    if (!signed.equals(inBody)) {
      throw new VerificationException(Reason.BODY_INVALID,
          "the descriptor's " + field + " is " + signed + " but the body's meta says " + inBody);
    }
  }
}
