package org.altoredist.wire;

/** The {@code msg_type} values of bep_ar_alto.md; any other value is ignored by a receiver. */
public enum MessageType {
  REQUEST(0),
  DATA(1),
  REJECT(2),
  INVENTORY(3),
  ENDPOINTS(4);

  private final int code;

  MessageType(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  /** The type for a wire code, or {@code null} for a code this version does not define. */
  public static MessageType of(long code) {
    for (MessageType t : values()) {
      if (t.code == code) {
        return t;
      }
    }
    return null;
  }
}
