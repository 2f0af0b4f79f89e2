package org.altoredist.alto;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * The one strict JSON configuration every ALTO document goes through (RFC 8259 as RFC 7285 §8.3.7
 * uses it): UTF-8 without a byte-order mark, no duplicate member names (two readers of a signed
 * map must not see two different maps), no trailing content, bounded nesting, strings and numbers.
 */
final class Json {

  /** ALTO documents nest about five levels; 64 leaves room for extensions, not for a stack attack. */
  static final int MAX_DEPTH = 64;
  /** An RFC 7285 number is a cost; 100 digits is far past double precision. */
  static final int MAX_NUMBER_LENGTH = 100;
  /** Identifiers are ≤ 64 characters; free text (descriptions, URIs) gets 64 KiB. */
  static final int MAX_STRING_LENGTH = 64 * 1024;

  static final JsonFactory FACTORY = JsonFactory.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
      .streamReadConstraints(StreamReadConstraints.builder()
          .maxNestingDepth(MAX_DEPTH)
          .maxNumberLength(MAX_NUMBER_LENGTH)
          .maxStringLength(MAX_STRING_LENGTH)
          .build())
      .build();

  static final ObjectMapper MAPPER = new ObjectMapper(FACTORY);

  private Json() {}

  /**
   * A parser over the bytes, positioned on the root object's START_OBJECT. Refuses what is not
   * UTF-8 JSON text of an object before the first token is read.
   */
  static JsonParser openObject(byte[] bytes) throws AltoValidationException, IOException {
    if (bytes.length >= 3 && (bytes[0] & 0xff) == 0xef && (bytes[1] & 0xff) == 0xbb && (bytes[2] & 0xff) == 0xbf) {
      throw syntax("a byte-order mark before the JSON text (RFC 8259 §8.1)");
    }
    for (int i = 0; i < Math.min(4, bytes.length); i++) {
      if (bytes[i] == 0) {
        throw syntax("JSON text must be UTF-8 (RFC 8259 §8.1); this looks like UTF-16 or UTF-32");
      }
    }
    JsonParser p = FACTORY.createParser(bytes);
    try {
      JsonToken t = p.nextToken();
      if (t != JsonToken.START_OBJECT) {
        throw syntax(t == null ? "empty document" : "an ALTO response is a JSON object (RFC 7285 §8.4)");
      }
      return p;
    } catch (JsonProcessingException e) {
      p.close();
      throw syntax(e);
    }
  }

  /** After the root object's END_OBJECT: nothing but whitespace may follow. */
  static void expectEnd(JsonParser p) throws IOException, AltoValidationException {
    if (p.nextToken() != null) {
      throw syntax("content after the end of the JSON document", p.currentLocation());
    }
  }

  static AltoValidationException syntax(String rule) {
    return new AltoValidationException(new AltoError(ErrorCode.E_SYNTAX, "", null, rule));
  }

  static AltoValidationException syntax(String rule, JsonLocation at) {
    return syntax(rule + " at line " + at.getLineNr() + " column " + at.getColumnNr());
  }

  /** Jackson's complaint, with its position, without the source excerpt Jackson would quote. */
  static AltoValidationException syntax(JsonProcessingException e) {
    String msg = e.getOriginalMessage();
    int nl = msg == null ? -1 : msg.indexOf('\n');
    String first = msg == null ? "invalid JSON" : (nl < 0 ? msg : msg.substring(0, nl));
    JsonLocation at = e.getLocation();
    return at == null ? syntax("invalid JSON: " + first) : syntax("invalid JSON: " + first, at);
  }
}
