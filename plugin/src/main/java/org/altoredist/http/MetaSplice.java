package org.altoredist.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Replaces the top-level "meta" object of a document the ALTO model has already validated, leaving
 * every other byte of the operator's file as written (number spellings, member order, white space),
 * and hashes a document's content without its meta. Working on byte offsets keeps a 30 MiB map out
 * of a JSON tree.
 */
final class MetaSplice {

  static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder().build());

  private final byte[] doc;
  private final int metaStart;
  private final int metaEnd;
  private final ObjectNode meta;

  private MetaSplice(byte[] doc, int metaStart, int metaEnd, ObjectNode meta) {
    this.doc = doc;
    this.metaStart = metaStart;
    this.metaEnd = metaEnd;
    this.meta = meta;
  }

  /** Locates the meta object of a validated document (the model requires one in every map). */
  static MetaSplice of(byte[] doc) {
    try (JsonParser p = MAPPER.getFactory().createParser(doc)) {
      p.nextToken();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken t = p.nextToken();
        if (name.equals("meta") && t == JsonToken.START_OBJECT) {
          int start = (int) p.currentTokenLocation().getByteOffset();
          ObjectNode meta = p.readValueAsTree();
          // After the tree is read the parser stands on the meta's closing brace.
          int end = (int) p.currentLocation().getByteOffset();
          return new MetaSplice(doc, start, end, meta);
        }
        p.skipChildren();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("a validated document no longer parses", e);
    }
    throw new IllegalArgumentException("the document has no meta object");
  }

  /** A copy of the meta object, to modify and put back with {@link #withMeta}. */
  ObjectNode meta() {
    return meta.deepCopy();
  }

  /** The document with its meta replaced by {@code newMeta}, written compactly. */
  byte[] withMeta(ObjectNode newMeta) {
    try {
      byte[] m = MAPPER.writeValueAsBytes(newMeta);
      ByteArrayOutputStream out = new ByteArrayOutputStream(doc.length - (metaEnd - metaStart) + m.length);
      out.write(doc, 0, metaStart);
      out.write(m);
      out.write(doc, metaEnd, doc.length - metaEnd);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * SHA-256 of the document without its meta value, in hex: the content version tag RFC 7285
   * §10.3 suggests ("a hash of the data contents"). 64 characters, the most §10.3 allows.
   */
  String contentTag() {
    MessageDigest md = sha256();
    md.update(doc, 0, metaStart);
    md.update(doc, metaEnd, doc.length - metaEnd);
    return HexFormat.of().formatHex(md.digest());
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
