package org.altoredist.wire;

/** The {@code reason} codes of a reject message (bep_ar_alto.md, "reject"). */
public enum RejectReason {
  /** The holder does not have this bundle (any more): ask another peer. */
  NOT_HELD(1),
  /** The bundle has no such piece. */
  PIECE_OUT_OF_RANGE(2),
  /** More requests outstanding than the holder's {@code ar_alto_reqq}: retry with fewer. */
  BUSY(3),
  /** The holder has served this peer its share for now: ask another peer. */
  BUDGET_EXHAUSTED(4);

  private final int code;

  RejectReason(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  /** The reason for a wire code; the specification says to read unknown codes as "not held". */
  public static RejectReason of(long code) {
    for (RejectReason r : values()) {
      if (r.code == code) {
        return r;
      }
    }
    return NOT_HELD;
  }
}
