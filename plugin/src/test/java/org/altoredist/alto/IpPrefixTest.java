package org.altoredist.alto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Prefix text rules (RFC 4632 §3.1, RFC 4291 §2.2, RFC 5952) and normal form. */
class IpPrefixTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "0.0.0.0/0, 0.0.0.0/0",
      "192.0.2.0/24, 192.0.2.0/24",
      "255.255.255.255/32, 255.255.255.255/32",
      "::/0, ::/0",
      "2001:DB8::/32, 2001:db8::/32",                                   // upper case accepted (2011 interop data)
      "2001:0db8:0000:0000:0000:0000:0000:0000/32, 2001:db8::/32",     // RFC 4291 full form
      "2001:db8:0:0:1:0:0:1/128, 2001:db8::1:0:0:1/128",               // RFC 5952 §4.2.3: first of equal runs
      "2001:db8:0:1:1:1:1:1/128, 2001:db8:0:1:1:1:1:1/128",            // RFC 5952 §4.2.2: one zero group stays
      "1:0:0:1:0:0:0:1/128, 1:0:0:1::1/128",                           // RFC 5952 §4.2.3: the longest run
      "::ffff:192.0.2.0/120, ::ffff:c000:200/120",                     // dotted-quad tail
      "fe80::/10, fe80::/10",
      "1::/16, 1::/16",
      "::1/128, ::1/128"})
  void prefixesAreReadInAnyAllowedFormAndPrintedInNormalForm(String text, String normal) {
    assertEquals(normal, IpPrefix.parse(text).toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "192.0.2.0", "192.0.2/24", "192.0.2.0.0/32", "192.0.02.0/24", "192.0.2.0/024", "192.0.2.0/",
      "192.0.2.0/33", "256.0.0.0/8", " 192.0.2.0/24", "192.0.2.0/24 ", "192.0.2.1/24", "-1.0.0.0/8",
      "::/129", "1:2:3:4:5:6:7:8:9/128", "1::2::3/128", "fe80::1%eth0/128", "12345::/16", ":1::/16",
      "1:::/16", "1:/16", "1:2:3:4:5:6:7/112", "::1.2.3/128", "1:2:3:4:5:6:7:1.2.3.4/128", "g::/16",
      "2001:db8::1/64", ""})
  void malformedPrefixesAreRefused(String text) {
    assertThrows(IllegalArgumentException.class, () -> IpPrefix.parse(text));
  }

  @Test
  void hostBitsErrorSuggestsTheCanonicalPrefix() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> IpPrefix.parse("10.1.2.3/8"));
    assertTrue(e.getMessage().contains("did you mean 10.0.0.0/8?"), e.getMessage());
  }

  @Test
  void containsIsTrueExactlyInsideThePrefix() throws Exception {
    IpPrefix p4 = IpPrefix.parse("198.51.100.128/25");
    assertTrue(p4.contains(InetAddress.getByName("198.51.100.128")));
    assertTrue(p4.contains(InetAddress.getByName("198.51.100.255")));
    assertFalse(p4.contains(InetAddress.getByName("198.51.100.127")));
    assertFalse(p4.contains(InetAddress.getByName("2001:db8::1")));
    IpPrefix p6 = IpPrefix.parse("2001:db8:0:1::/64");
    assertTrue(p6.contains(InetAddress.getByName("2001:db8:0:1:ffff::1")));
    assertFalse(p6.contains(InetAddress.getByName("2001:db8:0:2::1")));
    assertTrue(IpPrefix.parse("::/0").contains(InetAddress.getByName("ff02::1")));
    assertTrue(IpPrefix.parse("0.0.0.0/0").contains(InetAddress.getByName("255.255.255.255")));
  }
}
