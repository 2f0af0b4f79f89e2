package org.altoredist.http;

import java.util.Arrays;
import org.altoredist.alto.AltoDocument;
import org.altoredist.alto.AltoDocuments;
import org.altoredist.alto.AltoValidationException;
import org.altoredist.alto.CostMap;
import org.altoredist.alto.DocumentType;
import org.altoredist.alto.InfoResourceDirectory;
import org.altoredist.alto.NetworkMap;

/**
 * One operator file that the ALTO model accepted on its own: an IRD, a network map or a cost map.
 * Its content tag (network maps) is computed once.
 *
 * @param fresh whether this content differs from what the file held at the last accepted build
 */
record SourceDoc(String file, byte[] bytes, AltoDocument doc, boolean fresh) {

  static SourceDoc parse(String file, byte[] bytes) throws AltoValidationException {
    DocumentType type = AltoDocuments.detect(bytes);
    if (type == DocumentType.ERROR) {
      throw new AltoValidationException(new org.altoredist.alto.AltoError(org.altoredist.alto.ErrorCode.E_SYNTAX, "",
          null, "an error document is not a map the server can publish"));
    }
    return new SourceDoc(file, bytes, AltoDocuments.parse(bytes, type), true);
  }

  SourceDoc unchanged() {
    return new SourceDoc(file, bytes, doc, false);
  }

  boolean sameBytes(byte[] other) {
    return Arrays.equals(bytes, other);
  }

  InfoResourceDirectory ird() {
    return doc instanceof InfoResourceDirectory d ? d : null;
  }

  NetworkMap networkMap() {
    return doc instanceof NetworkMap m ? m : null;
  }

  CostMap costMap() {
    return doc instanceof CostMap m ? m : null;
  }
}
