package org.altoredist.alto;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;

/** Reads a small document (IRD, error) as a tree under the strict configuration of {@link Json}. */
final class Trees {

  private Trees() {}

  static JsonNode read(byte[] bytes) throws AltoValidationException {
    try (JsonParser p = Json.openObject(bytes)) {
      JsonNode tree = p.readValueAsTree();
      Json.expectEnd(p);
      return tree;
    } catch (JsonProcessingException e) {
      throw Json.syntax(e);
    } catch (IOException e) {
      throw Json.syntax("unreadable: " + e.getMessage());
    }
  }
}
