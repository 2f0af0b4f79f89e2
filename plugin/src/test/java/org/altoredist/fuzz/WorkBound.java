package org.altoredist.fuzz;

import java.lang.management.ManagementFactory;
import java.util.function.ToLongFunction;

/**
 * The fuzz targets' check that a decoder's work grows no more than linearly with its input:
 * the bytes the decoding thread allocates, which the JVM counts exactly, must stay under
 * {@code perByte} times the input's length plus {@code fixed}. Allocation stands in for work
 * because it is deterministic (wall-clock and CPU time are not, on a shared machine) and because
 * the blow-ups a hostile input aims for (a structure per byte per byte, error text quoting a
 * growing path, a buffer doubled past need) all allocate.
 */
public final class WorkBound {

  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  static {
    if (!THREADS.isThreadAllocatedMemorySupported()) {
      throw new IllegalStateException("this JVM does not count allocated bytes per thread");
    }
    THREADS.setThreadAllocatedMemoryEnabled(true);
  }

  private final long perByte;
  private final long fixed;

  /**
   * @param perByte bytes a decoder may allocate for each input byte
   * @param fixed bytes it may allocate whatever the input (buffers, tables of a fixed size)
   */
  public WorkBound(long perByte, long fixed) {
    this.perByte = perByte;
    this.fixed = fixed;
  }

  /** Something to measure; it may throw whatever the decoder throws. */
  @FunctionalInterface
  public interface Work<T, X extends Exception> {
    T run() throws X;
  }

  /** Bytes the current thread has allocated so far. */
  private static long allocated() {
    return THREADS.getCurrentThreadAllocatedBytes();
  }

  /**
   * Runs {@code work} and checks what it allocated against the bound for {@code inputBytes}, plus
   * {@code extra} of its result (an allowance the caller derives from it, such as a documented
   * table of a size the input chose within a cap; 0 when it throws). The first run of a path may
   * load classes, which allocates on the running thread: a run over the bound is repeated, and
   * only a repeat over it too fails. The work must therefore give the same result every time.
   * Returns the result, or throws what the work threw.
   */
  public <T, X extends Exception> T check(String what, int inputBytes, Work<T, X> work, ToLongFunction<T> extra)
      throws X {
    for (int run = 1; ; run++) {
      long before = allocated();
      T result = null;
      Exception thrown = null;
      try {
        result = work.run();
      } catch (Exception e) {
        thrown = e;
      }
      long used = allocated() - before;
      long limit = perByte * inputBytes + fixed + (thrown == null ? extra.applyAsLong(result) : 0);
      if (used > limit && run == 2) {
        throw new AssertionError(what + " allocated " + used + " bytes for an input of " + inputBytes
            + " bytes, twice; the bound is " + perByte + " per byte + " + (limit - perByte * inputBytes) + " = " + limit,
            thrown);
      }
      if (used <= limit || run == 2) {
        if (thrown != null) {
          throw WorkBound.<X>rethrow(thrown);
        }
        return result;
      }
    }
  }

  /** {@link #check(String, int, Work, ToLongFunction)} with no allowance beyond the bound. */
  public <T, X extends Exception> T check(String what, int inputBytes, Work<T, X> work) throws X {
    return check(what, inputBytes, work, r -> 0);
  }

  /** Throws what {@code work} threw, as the exception type it declares (or unchecked). */
  @SuppressWarnings("unchecked")
  private static <X extends Exception> X rethrow(Exception e) throws X {
    throw (X) e;
  }
}
