package org.altoredist.alto;

import java.util.Objects;

/**
 * One reason a document was refused: the RFC 7285 error code, the JSON path of the offending field
 * in RFC 7285's notation ({@code "meta/vtag/tag"}, {@code "network-map/PID1/ipv4/0"}; empty for the
 * document itself), the offending value when there is one (bounded in length), and the rule it
 * breaks, citing the RFC section.
 */
public record AltoError(ErrorCode code, String field, String value, String rule) {

  /** Longest value quoted back; a hostile document must not make error messages huge. */
  static final int MAX_QUOTED_VALUE = 80;

  public AltoError {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(rule, "rule");
    if (value != null && value.length() > MAX_QUOTED_VALUE) {
      value = value.substring(0, MAX_QUOTED_VALUE) + "…";
    }
  }

  /** One line, as the {@code check} command prints it. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(code.name());
    if (!field.isEmpty()) {
      sb.append(" field=").append(field);
    }
    if (value != null) {
      sb.append(" value=\"").append(value).append('"');
    }
    return sb.append(": ").append(rule).toString();
  }
}
