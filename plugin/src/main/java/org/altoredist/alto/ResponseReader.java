package org.altoredist.alto;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;

/**
 * Streams the root object of an RFC 7285 §8.4 response: "meta" becomes a (small) tree, the data
 * member ("network-map", "cost-map") goes to a streaming reader, anything else is skipped — unknown
 * members are ignored (§8.3.7) and survive in the document's bytes. Members may come in any order.
 */
final class ResponseReader {

  /** Reads the data member's value; the parser is on its START_OBJECT. */
  interface DataReader {
    void read(JsonParser p) throws IOException;
  }

  private ResponseReader() {}

  /**
   * Returns the meta tree, or null after reporting it missing; reports a missing or non-object data
   * member. Syntax errors end the parse at once.
   */
  static JsonNode read(byte[] bytes, String dataMember, String dataRule, ErrorSink errors, DataReader data)
      throws AltoValidationException {
    JsonNode meta = null;
    boolean sawData = false;
    try (JsonParser p = Json.openObject(bytes)) {
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken t = p.nextToken();
        if (name.equals("meta")) {
          if (t != JsonToken.START_OBJECT) {
            throw new AltoValidationException(new AltoError(ErrorCode.E_INVALID_FIELD_TYPE, "meta", null,
                "ResponseMeta is a JSON object (RFC 7285 §8.4.1)"));
          }
          meta = p.readValueAsTree();
        } else if (name.equals(dataMember)) {
          sawData = true;
          if (t == JsonToken.START_OBJECT) {
            data.read(p);
          } else {
            errors.add(ErrorCode.E_INVALID_FIELD_TYPE, dataMember, null, dataRule);
            p.skipChildren();
          }
        } else {
          p.skipChildren();
        }
      }
      Json.expectEnd(p);
    } catch (JsonProcessingException e) {
      throw Json.syntax(e);
    } catch (IOException e) {
      throw Json.syntax("unreadable: " + e.getMessage());
    }
    if (meta == null) {
      errors.add(ErrorCode.E_MISSING_FIELD, "meta", null, "required member \"meta\" is missing (RFC 7285 §8.4)");
    }
    if (!sawData) {
      errors.add(ErrorCode.E_MISSING_FIELD, dataMember, null, "required member \"" + dataMember + "\" is missing");
    }
    return meta;
  }
}
