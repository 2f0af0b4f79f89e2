package org.altoredist.alto;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;

/**
 * A validated RFC 7285 response document. It keeps the exact bytes it was parsed from, because
 * signatures cover bytes and never a re-serialisation: unknown members, whitespace and member order
 * all survive, and {@link #writeTo} reproduces the document exactly.
 */
public sealed interface AltoDocument
    permits InfoResourceDirectory, NetworkMap, CostMap, AltoErrorDocument {

  DocumentType type();

  /** A copy of the exact bytes the document was parsed from. */
  byte[] bytes();

  /** Length of {@link #bytes()}. */
  int byteSize();

  /** Writes the exact bytes the document was parsed from. */
  void writeTo(OutputStream out) throws IOException;

  /**
   * A copy of the document's "meta" object, unknown members included (RFC 7285 §8.3.7: ignored,
   * here also preserved), or an empty object when it has none.
   */
  JsonNode meta();

  /** One line for people: type, sizes, versions. */
  String summary();
}
