package org.altoredist.alto;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;

/** What every document keeps: its exact bytes and its meta object. */
abstract class DocumentBytes {

  private final byte[] bytes;
  private final JsonNode meta;

  DocumentBytes(byte[] bytes, JsonNode meta) {
    this.bytes = bytes;
    this.meta = meta == null ? Json.MAPPER.createObjectNode() : meta;
  }

  public byte[] bytes() {
    return bytes.clone();
  }

  public int byteSize() {
    return bytes.length;
  }

  public void writeTo(OutputStream out) throws IOException {
    out.write(bytes);
  }

  public JsonNode meta() {
    return meta.deepCopy();
  }
}
