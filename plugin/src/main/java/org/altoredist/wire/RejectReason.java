package org.altoredist.wire;

/**
 * The {@code reason} codes of a reject message (bep_ar_alto.md, "reject"). A reason is an integer
 * from {@link #MIN_CODE} to {@link #MAX_CODE}; codes this version does not define read as
 * {@link #NOT_HELD}, and codes outside the range make the message malformed.
 */
public enum RejectReason {
  /** The holder does not have this bundle (any more): ask another peer. */
  NOT_HELD(1),
  /** The bundle has no such piece. */
  PIECE_OUT_OF_RANGE(2),
  /** More requests outstanding than the holder's {@code ar_alto_reqq}: retry with fewer. */
  BUSY(3),
  /** The holder has served this peer its share for now: ask another peer. */
  BUDGET_EXHAUSTED(4);

  /** Smallest reason code; 0 is left unused so that a missing or zeroed field cannot pass for a reason. */
  public static final int MIN_CODE = 1;
  /**
   * Largest reason code: one byte's worth, the range of BEP 10's extension ids, leaves later versions
   * 251 codes to define while a receiver can still tell a reason from garbage.
   */
  public static final int MAX_CODE = 255;

  private final int code;

  RejectReason(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  /** The reason for a wire code in range; the specification says to read undefined ones as "not held". */
  public static RejectReason of(long code) {
    for (RejectReason r : values()) {
      if (r.code == code) {
        return r;
      }
    }
    return NOT_HELD;
  }
}
