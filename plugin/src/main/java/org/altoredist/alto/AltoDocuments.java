package org.altoredist.alto;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;

/**
 * The entry point of the ALTO model: strict parsers for the RFC 7285 documents a redistributing
 * client handles. Each parse validates the whole document, keeps its exact bytes, and either
 * returns the document or throws one {@link AltoValidationException} listing what is wrong, with
 * the RFC 7285 error code and the JSON path of each problem. Nothing else escapes on bad input.
 *
 * <pre>{@code
 * NetworkMap nm = AltoDocuments.parseNetworkMap(bytes);
 * String pid = nm.pidOf(InetAddress.getByName("192.0.2.7"));
 * }</pre>
 *
 * <p>Parsers are stateless and thread-safe; the input array is copied, so later changes to it do
 * not reach the document.
 */
public final class AltoDocuments {

  /**
   * Largest document accepted. RFC 7971 §3.7 reports network maps of "tens of megabytes"; 64 MiB
   * covers those and bounds what one hostile input can make the parser hold.
   */
  public static final int MAX_DOCUMENT_BYTES = 64 * 1024 * 1024;

  /** Most rule violations reported for one document; the first ones are the useful ones. */
  public static final int MAX_REPORTED_ERRORS = 100;

  private AltoDocuments() {}

  public static NetworkMap parseNetworkMap(byte[] bytes) throws AltoValidationException {
    return new NetworkMapParser(copy(bytes)).parse();
  }

  public static CostMap parseCostMap(byte[] bytes) throws AltoValidationException {
    return new CostMapParser(copy(bytes)).parse();
  }

  /** A root IRD (RFC 7285 §9.1): it must name default-alto-network-map and resolve every use. */
  public static InfoResourceDirectory parseDirectory(byte[] bytes) throws AltoValidationException {
    return new DirectoryParser(copy(bytes), true).parse();
  }

  /**
   * A delegated IRD (RFC 7285 §9.2.4): it need not name a default network map, and its uses may
   * name resources of the root IRD.
   */
  public static InfoResourceDirectory parseDelegatedDirectory(byte[] bytes) throws AltoValidationException {
    return new DirectoryParser(copy(bytes), false).parse();
  }

  public static AltoErrorDocument parseError(byte[] bytes) throws AltoValidationException {
    return AltoErrorDocument.parse(copy(bytes));
  }

  /** Parses as the given type (a root IRD for {@link DocumentType#DIRECTORY}). */
  public static AltoDocument parse(byte[] bytes, DocumentType type) throws AltoValidationException {
    return switch (type) {
      case DIRECTORY -> parseDirectory(bytes);
      case NETWORK_MAP -> parseNetworkMap(bytes);
      case COST_MAP -> parseCostMap(bytes);
      case ERROR -> parseError(bytes);
    };
  }

  /** Detects the type from the document's members, then parses it. */
  public static AltoDocument parse(byte[] bytes) throws AltoValidationException {
    return parse(bytes, detect(bytes));
  }

  /**
   * The document type its top-level members announce: "resources", "network-map", "cost-map", or a
   * meta with "code" and none of those. Reads no further than it must.
   */
  public static DocumentType detect(byte[] bytes) throws AltoValidationException {
    checkSize(bytes);
    boolean errorMeta = false;
    try (JsonParser p = Json.openObject(bytes)) {
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken t = p.nextToken();
        switch (name) {
          case "resources":
            return DocumentType.DIRECTORY;
          case "network-map":
            return DocumentType.NETWORK_MAP;
          case "cost-map":
            return DocumentType.COST_MAP;
          case "meta":
            if (t == JsonToken.START_OBJECT) {
              JsonNode meta = p.readValueAsTree();
              errorMeta = meta.has("code");
            } else {
              p.skipChildren();
            }
            break;
          default:
            p.skipChildren();
        }
      }
    } catch (JsonProcessingException e) {
      throw Json.syntax(e);
    } catch (IOException e) {
      throw Json.syntax("unreadable: " + e.getMessage());
    }
    if (errorMeta) {
      return DocumentType.ERROR;
    }
    throw Json.syntax("not an ALTO IRD, network map, cost map or error document: none of"
        + " \"resources\", \"network-map\", \"cost-map\" or meta/code is present");
  }

  private static byte[] copy(byte[] bytes) throws AltoValidationException {
    checkSize(bytes);
    return bytes.clone();
  }

  private static void checkSize(byte[] bytes) throws AltoValidationException {
    if (bytes.length > MAX_DOCUMENT_BYTES) {
      throw Json.syntax("document of " + bytes.length + " bytes exceeds the " + MAX_DOCUMENT_BYTES + "-byte limit");
    }
  }
}
