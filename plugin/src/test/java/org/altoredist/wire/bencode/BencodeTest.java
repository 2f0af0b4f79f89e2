package org.altoredist.wire.bencode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.altoredist.wire.bencode.BencodeException.Defect;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BencodeTest {

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  // BEP 9's request example, https://www.bittorrent.org/beps/bep_0009.html
  private static final String BEP9_REQUEST = "d8:msg_typei0e5:piecei0ee";

  @Test
  void decodesBep9RequestExample() throws Exception {
    BValue v = Bencode.decode(ascii(BEP9_REQUEST));
    BDict expected = BDict.builder().put("msg_type", 0).put("piece", 0).build();
    assertEquals(expected, v);
  }

  @Test
  void encodingSortsKeysAsRawBytes() {
    BDict d = BDict.builder().put("z", 1).put("a", 2).put("B", 3).put("\u00e9", 4).build();
    // 'B' (0x42) < 'a' (0x61) < 'z' (0x7a) < 0xc3 (first byte of UTF-8 é): unsigned byte order.
    assertArrayEquals(ascii("d1:Bi3e1:ai2e1:zi1e2:\u00c3\u00a9i4ee"), Bencode.encode(d));
  }

  @Test
  void encodeThenDecodeIsIdentity() throws Exception {
    BValue v = BDict.builder()
        .put("list", new BList(List.of(new BInt(Long.MIN_VALUE), new BInt(Long.MAX_VALUE),
            BBytes.of(new byte[] {0, (byte) 0xff}), new BList(List.of()))))
        .put("empty", "")
        .put("nested", BDict.builder().put("k", -7).build())
        .build();
    byte[] encoded = Bencode.encode(v);
    assertEquals(v, Bencode.decode(encoded));
    assertArrayEquals(encoded, Bencode.encode(Bencode.decode(encoded)));
  }

  @Test
  void integersCoverTheWholeSigned64BitRange() throws Exception {
    assertEquals(new BInt(Long.MAX_VALUE), Bencode.decode(ascii("i9223372036854775807e")));
    assertEquals(new BInt(Long.MIN_VALUE), Bencode.decode(ascii("i-9223372036854775808e")));
  }

  static Stream<Arguments> badInputCorpus() {
    return Stream.of(
        Arguments.of("i03e", Defect.LEADING_ZERO),
        Arguments.of("i-0e", Defect.NEGATIVE_ZERO),
        Arguments.of("i-01e", Defect.LEADING_ZERO),
        Arguments.of("ie", Defect.EMPTY_INTEGER),
        Arguments.of("i-e", Defect.EMPTY_INTEGER),
        Arguments.of("i1.5e", Defect.UNEXPECTED_BYTE),
        Arguments.of("i+1e", Defect.UNEXPECTED_BYTE),
        Arguments.of("i9223372036854775808e", Defect.INTEGER_OVERFLOW),
        Arguments.of("i-9223372036854775809e", Defect.INTEGER_OVERFLOW),
        Arguments.of("03:abc", Defect.LEADING_ZERO),
        Arguments.of("-1:a", Defect.UNEXPECTED_BYTE),
        Arguments.of("9999999999:a", Defect.INTEGER_OVERFLOW),
        Arguments.of("4:abc", Defect.TRUNCATED),
        Arguments.of("li1e", Defect.TRUNCATED),
        Arguments.of("", Defect.TRUNCATED),
        Arguments.of("i1ei2e", Defect.TRAILING_BYTES),
        Arguments.of("x", Defect.UNEXPECTED_BYTE),
        Arguments.of("di1ei2ee", Defect.NON_STRING_KEY),
        Arguments.of("d1:bi1e1:ai2ee", Defect.UNSORTED_KEYS),
        Arguments.of("d1:ai1e1:ai2ee", Defect.DUPLICATE_KEY),
        Arguments.of("d1:ae", Defect.UNEXPECTED_BYTE),
        Arguments.of("l".repeat(Bencode.MAX_DEPTH + 1) + "e".repeat(Bencode.MAX_DEPTH + 1),
            Defect.TOO_DEEP));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("badInputCorpus")
  void malformedInputIsRefusedWithItsDefect(String input, Defect expected) {
    BencodeException e = assertThrows(BencodeException.class, () -> Bencode.decode(ascii(input)));
    assertEquals(expected, e.defect());
  }

  /** Another protocol's dictionary (a BEP 10 handshake, a tracker's answer): read as libtorrent reads it. */
  @Test
  void anyKeyOrderReadsUnsortedKeysAndKeepsTheFirstOfARepeatedOne() throws Exception {
    byte[] unsorted = ascii("d1:bi1e1:ad1:yi2e1:xi3eee");
    assertEquals(Bencode.decode(ascii("d1:ad1:xi3e1:yi2ee1:bi1ee")), Bencode.decodeAnyKeyOrder(unsorted, 0,
        unsorted.length));
    byte[] repeated = ascii("d1:ai1e1:ai2ee");
    assertEquals(Bencode.decode(ascii("d1:ai1ee")), Bencode.decodeAnyKeyOrder(repeated, 0, repeated.length));
  }

  /** The bad-input corpus but for the key order and repeated keys. */
  static Stream<Arguments> badInputInAnyKeyOrder() {
    return badInputCorpus().filter(a -> a.get()[1] != Defect.UNSORTED_KEYS && a.get()[1] != Defect.DUPLICATE_KEY);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("badInputInAnyKeyOrder")
  void anyKeyOrderRefusesEverythingElseTheStrictReaderDoes(String input, Defect expected) {
    byte[] b = ascii(input);
    BencodeException e = assertThrows(BencodeException.class, () -> Bencode.decodeAnyKeyOrder(b, 0, b.length));
    assertEquals(expected, e.defect());
  }

  @Test
  void nestingUpToTheLimitIsAccepted() throws Exception {
    String deep = "l".repeat(Bencode.MAX_DEPTH) + "e".repeat(Bencode.MAX_DEPTH);
    Bencode.decode(ascii(deep));
  }

  @Test
  void everyStrictPrefixNeedsMoreBytesAndTheWholeValueDecodes() throws Exception {
    byte[] whole = ascii("d4:listli-42e3:abce3:numi1234567e1:sd1:xi0eee");
    for (int n = 0; n < whole.length; n++) {
      assertNull(Bencode.decodePrefix(whole, 0, n), "prefix of " + n + " bytes");
    }
    Bencode.Prefix p = Bencode.decodePrefix(whole, 0, whole.length);
    assertEquals(whole.length, p.length());
    assertEquals(Bencode.decode(whole), p.value());
  }

  @Test
  void prefixDecodingLeavesTrailingRawBytes() throws Exception {
    byte[] msg = ascii("d5:piecei2eeRAWBYTES");
    Bencode.Prefix p = Bencode.decodePrefix(msg, 0, msg.length);
    assertEquals(12, p.length());
  }

  @Test
  void prefixDecodingReportsMalformedInputBeforeItEnds() {
    BencodeException e =
        assertThrows(BencodeException.class, () -> Bencode.decodePrefix(ascii("d1:bi1e1:a"), 0, 10));
    assertEquals(Defect.UNSORTED_KEYS, e.defect());
  }

  @Test
  void errorMessageNamesTheDefectOffsetAndBytes() {
    BencodeException e = assertThrows(BencodeException.class, () -> Bencode.decode(ascii("li1ei03ee")));
    assertEquals(5, e.offset());
    assertEquals("LEADING_ZERO at offset 5: 30336565", e.getMessage());
  }

  @Test
  void typedLookupsNeverCast() throws Exception {
    BDict d = (BDict) Bencode.decode(ascii("d1:ai1e1:b2:xye"));
    assertEquals(1L, d.integer("a").orElseThrow());
    assertEquals(false, d.integer("b").isPresent());
    assertEquals(false, d.bytes("a").isPresent());
    assertEquals("xy", d.bytes("b").orElseThrow().utf8());
  }
}
