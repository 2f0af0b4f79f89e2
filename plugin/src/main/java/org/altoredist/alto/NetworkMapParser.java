package org.altoredist.alto;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Streams an RFC 7285 §11.2.1 network map: prefixes go from the JSON parser's character buffer
 * straight into primitive arrays, so a 20 MB map with a million prefixes allocates one String per
 * PID, not one per prefix.
 */
final class NetworkMapParser {

  private final byte[] bytes;
  private final ErrorSink errors = new ErrorSink();
  private final List<String> pids = new ArrayList<>();
  private final PrefixSet v4 = new PrefixSet(false);
  private final PrefixSet v6 = new PrefixSet(true);
  private final PrefixText.Parsed parsed = new PrefixText.Parsed();

  NetworkMapParser(byte[] bytes) {
    this.bytes = bytes;
  }

  NetworkMap parse() throws AltoValidationException {
    JsonNode meta = ResponseReader.read(bytes, "network-map", "NetworkMapData is a JSON object (RFC 7285 §11.2.1.6)",
        errors, this::readMap);
    VersionTag vtag = null;
    if (meta != null) {
      JsonNode vt = meta.get("vtag");
      if (vt == null) {
        errors.add(ErrorCode.E_MISSING_FIELD, "meta/vtag", null, "a network map's meta MUST include vtag (RFC 7285 §11.2.1.6)");
      } else {
        vtag = Members.versionTag(vt, "meta/vtag", errors);
      }
    }
    RangeSweep r4 = v4.build(pids, errors);
    RangeSweep r6 = v6.build(pids, errors);
    errors.throwIfAny();
    return new NetworkMap(bytes, meta, vtag, pids, v4, v6, new PidIndex(List.copyOf(pids), r4, r6));
  }

  private void readMap(JsonParser p) throws IOException {
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String pid = p.currentName();
      int pidIndex = -1;
      if (!Identifiers.isPidName(pid)) {
        errors.add(ErrorCode.E_INVALID_FIELD_VALUE, "network-map/" + pid, pid,
            "a PID name is 1-64 of [0-9A-Za-z-:@_] (RFC 7285 §10.1; '.' is reserved)");
      } else if (pids.size() >= PrefixSet.MAX_PIDS) {
        errors.add(ErrorCode.E_INVALID_FIELD_VALUE, "network-map/" + pid, null,
            "more than " + PrefixSet.MAX_PIDS + " PIDs");
      } else {
        pidIndex = pids.size();
        pids.add(pid);
      }
      if (p.nextToken() != JsonToken.START_OBJECT) {
        errors.add(ErrorCode.E_INVALID_FIELD_TYPE, "network-map/" + pid, null,
            "an EndpointAddrGroup is a JSON object (RFC 7285 §10.4.5)");
        p.skipChildren();
        continue;
      }
      readGroup(p, pid, pidIndex);
    }
  }

  private void readGroup(JsonParser p, String pid, int pidIndex) throws IOException {
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String type = p.currentName();
      JsonToken t = p.nextToken();
      boolean v4Type = type.equals(Identifiers.IPV4);
      if (!v4Type && !type.equals(Identifiers.IPV6)) {
        if (!Identifiers.isAddressType(type)) {
          errors.add(ErrorCode.E_INVALID_FIELD_VALUE, "network-map/" + pid + "/" + type, type,
              "an address type is US-ASCII alphanumerics (RFC 7285 §10.4.2)");
        }
        p.skipChildren(); // RFC 7285 §11.2.1.6: ignore address types the client does not recognise
        continue;
      }
      String path = "network-map/" + pid + "/" + type;
      if (t != JsonToken.START_ARRAY) {
        errors.add(ErrorCode.E_INVALID_FIELD_TYPE, path, null, "EndpointPrefix<0..*> is a JSON array (RFC 7285 §10.4.5)");
        p.skipChildren();
        continue;
      }
      PrefixSet set = v4Type ? v4 : v6;
      int element = 0;
      for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken(), element++) {
        if (e != JsonToken.VALUE_STRING) {
          errors.add(ErrorCode.E_INVALID_FIELD_VALUE, path + "/" + element, null, "an endpoint prefix is a JSON string");
          p.skipChildren();
          continue;
        }
        char[] c = p.getTextCharacters();
        int off = p.getTextOffset();
        int end = off + p.getTextLength();
        String broken = v4Type ? PrefixText.parseIpv4(c, off, end, parsed) : PrefixText.parseIpv6(c, off, end, parsed);
        if (broken == null && !v4Type && isIpv4Mapped(parsed)) {
          broken = "an IPv4-mapped prefix (::ffff:0:0/96, RFC 4291 §2.5.5.2) names IPv4 addresses, which are looked up"
              + " among the ipv4 prefixes: list it there, or two PIDs could claim one address";
        }
        if (broken != null) {
          errors.add(ErrorCode.E_INVALID_FIELD_VALUE, path + "/" + element, p.getText(), broken);
        } else if (pidIndex >= 0) {
          set.add(parsed.hi, parsed.lo, parsed.length, pidIndex);
        }
      }
    }
  }

  /** Within ::ffff:0:0/96: the first 80 bits zero, the next 16 ones. */
  private static boolean isIpv4Mapped(PrefixText.Parsed p) {
    return p.length >= 96 && p.hi == 0 && (p.lo >>> 32) == 0xffffL;
  }
}
