package org.altoredist.alto;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Streams an RFC 7285 §11.2.3 cost map into (source, destination, cost) triples, then into a
 * {@link CostMatrix}. The cost mode decides what a valid cost is, and "meta" may come after
 * "cost-map", so value rules are checked once both are read.
 */
final class CostMapParser {

  /**
   * Most PIDs a cost map may name. RFC 5632's Comcast trial found 1,182 PIDs "too fine"; 4,096
   * leaves room above that while capping the dense matrix at 32 MiB (coded) before it is allocated.
   */
  static final int MAX_PIDS = 4096;

  /**
   * The largest ordinal kept exactly: a double holds every integer up to 2^53 and no further (RFC
   * 7493 §2.2), and two ranks that read as one would change the ranking without a word.
   */
  static final double MAX_EXACT_ORDINAL = 0x1p53;

  private final byte[] bytes;
  private final ErrorSink errors = new ErrorSink();
  private final Map<String, Integer> indexes = new HashMap<>();
  private final List<String> pids = new ArrayList<>();
  private int[] src = new int[256];
  private int[] dst = new int[256];
  private double[] value = new double[256];
  private int count;
  private String firstNotNumber;
  private int notNumbers;
  private String firstNotOrdinal;

  CostMapParser(byte[] bytes) {
    this.bytes = bytes;
  }

  CostMap parse() throws AltoValidationException {
    JsonNode meta = ResponseReader.read(bytes, "cost-map", "CostMapData is a JSON object (RFC 7285 §11.2.3.6)",
        errors, this::readCosts);
    VersionTag dependent = null;
    CostType type = null;
    if (meta != null) {
      dependent = dependentVtag(meta);
      JsonNode ct = meta.get("cost-type");
      if (ct == null) {
        errors.add(ErrorCode.E_MISSING_FIELD, "meta/cost-type", null, "a cost map's meta MUST include cost-type (RFC 7285 §11.2.3.6)");
      } else {
        type = Members.costType(ct, "meta/cost-type", errors);
      }
    }
    if (type != null) {
      checkValues(type);
    }
    errors.throwIfAny();
    return new CostMap(bytes, meta, dependent, type, CostMatrix.build(pids, src, dst, value, count));
  }

  private VersionTag dependentVtag(JsonNode m) {
    JsonNode dv = m.get("dependent-vtags");
    if (dv == null) {
      errors.add(ErrorCode.E_MISSING_FIELD, "meta/dependent-vtags", null, "a cost map's meta MUST include dependent-vtags (RFC 7285 §11.2.3.6)");
      return null;
    }
    if (!dv.isArray()) {
      errors.add(ErrorCode.E_INVALID_FIELD_TYPE, "meta/dependent-vtags", null, "dependent-vtags is a JSON array");
      return null;
    }
    if (dv.size() != 1) {
      errors.add(ErrorCode.E_INVALID_FIELD_VALUE, "meta/dependent-vtags", String.valueOf(dv.size()),
          "a cost map's dependent-vtags is a single-element array: the network map's vtag (RFC 7285 §11.2.3.6)");
      return null;
    }
    return Members.versionTag(dv.get(0), "meta/dependent-vtags/0", errors);
  }

  private void checkValues(CostType type) {
    if (!type.isScalar()) {
      errors.add(ErrorCode.E_INVALID_FIELD_VALUE, "meta/cost-type/cost-mode", type.mode(),
          "this client ranks by numerical or ordinal costs; a full cost map in another mode is unusable");
      return;
    }
    if (firstNotNumber != null) {
      errors.add(ErrorCode.E_INVALID_FIELD_TYPE, firstNotNumber, null,
          "a cost is a JSON number (RFC 7285 §11.2.3.6)" + (notNumbers > 1 ? "; " + (notNumbers - 1) + " more like it" : ""));
    }
    if (type.mode().equals(CostType.ORDINAL) && firstNotOrdinal != null) {
      errors.add(ErrorCode.E_INVALID_FIELD_VALUE, firstNotOrdinal, null,
          "ordinal costs are non-negative integers (RFC 7285 §6.1.2.2), at most 2^53 (RFC 7493 §2.2)");
    }
  }

  private void readCosts(JsonParser p) throws IOException {
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String srcName = p.currentName();
      int s = pidIndex(srcName, "cost-map/" + srcName);
      if (p.nextToken() != JsonToken.START_OBJECT) {
        errors.add(ErrorCode.E_INVALID_FIELD_TYPE, "cost-map/" + srcName, null, "DstCosts is a JSON object (RFC 7285 §11.2.3.6)");
        p.skipChildren();
        continue;
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String dstName = p.currentName();
        int d = pidIndex(dstName, "cost-map/" + srcName + "/" + dstName);
        JsonToken t = p.nextToken();
        if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
          if (notNumbers++ == 0) {
            firstNotNumber = "cost-map/" + srcName + "/" + dstName;
          }
          p.skipChildren();
          continue;
        }
        double v = p.getDoubleValue();
        if (!Double.isFinite(v)) {
          errors.add(ErrorCode.E_INVALID_FIELD_VALUE, "cost-map/" + srcName + "/" + dstName, p.getText(),
              "cost is beyond the range of a double (RFC 7285 §11.3.2.3 asks for IEEE 754 doubles)");
          continue;
        }
        // An integer is a value: servers that keep costs as doubles write 1.0 (RFC 8259 §6 has one number type).
        if (firstNotOrdinal == null && (v < 0 || v != Math.rint(v) || !exactOrdinal(p, t, v))) {
          firstNotOrdinal = "cost-map/" + srcName + "/" + dstName;
        }
        if (s >= 0 && d >= 0) {
          add(s, d, v);
        }
      }
    }
  }

  /**
   * Whether the number read is the integer it stands for: its text, not its double, since
   * 2^53 + 1 reads as 2^53. A fraction's text is exact only below 2^53.
   */
  private static boolean exactOrdinal(JsonParser p, JsonToken t, double v) throws IOException {
    if (t == JsonToken.VALUE_NUMBER_FLOAT) {
      return v < MAX_EXACT_ORDINAL;
    }
    return p.getNumberType() != JsonParser.NumberType.BIG_INTEGER && p.getLongValue() <= (long) MAX_EXACT_ORDINAL;
  }

  private int pidIndex(String name, String path) {
    Integer i = indexes.get(name);
    if (i != null) {
      return i;
    }
    if (!Identifiers.isPidName(name)) {
      errors.add(ErrorCode.E_INVALID_FIELD_VALUE, path, name, "a PID name is 1-64 of [0-9A-Za-z-:@_] (RFC 7285 §10.1; '.' is reserved)");
      indexes.put(name, -1);
      return -1;
    }
    if (pids.size() >= MAX_PIDS) {
      errors.add(ErrorCode.E_INVALID_FIELD_VALUE, path, name, "a cost map may name at most " + MAX_PIDS + " PIDs");
      indexes.put(name, -1);
      return -1;
    }
    indexes.put(name, pids.size());
    pids.add(name);
    return pids.size() - 1;
  }

  private void add(int s, int d, double v) {
    if (count == value.length) {
      int cap = count * 2;
      src = Arrays.copyOf(src, cap);
      dst = Arrays.copyOf(dst, cap);
      value = Arrays.copyOf(value, cap);
    }
    src[count] = s;
    dst[count] = d;
    value[count] = v;
    count++;
  }
}
