package org.altoredist.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.altoredist.wire.bencode.BValue;
import org.altoredist.wire.bencode.Bencode;
import org.altoredist.wire.bencode.BencodeException;

/**
 * Fuzz target: the strict bencode decoder. Any input either fails with a {@link BencodeException}
 * or decodes to a value whose encoding is exactly the input (canonical form has one encoding),
 * and prefix decoding agrees with whole decoding. Seeds: every vector (see
 * plugin/src/test/fuzz/make_seed_corpus.py); campaign: plugin/BENCHMARKS.md, "Fuzzing".
 */
class BencodeFuzzTest {

  @FuzzTest(maxDuration = "2h")
  void decode(byte[] input) {
    BValue whole;
    try {
      whole = Bencode.decode(input);
    } catch (BencodeException e) {
      return;
    }
    assertArrayEquals(input, Bencode.encode(whole));
    try {
      Bencode.Prefix p = Bencode.decodePrefix(input, 0, input.length);
      assertEquals(input.length, p.length());
      assertEquals(whole, p.value());
    } catch (BencodeException e) {
      throw new AssertionError("prefix decoding refused what whole decoding accepted", e);
    }
  }
}
