package org.altoredist.alto;

/** Raw address bytes to the integers the index compares. */
final class Addresses {

  private Addresses() {}

  static int ipv4(byte[] b) {
    return ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
  }

  static long high(byte[] b) {
    return word(b, 0);
  }

  static long low(byte[] b) {
    return word(b, 8);
  }

  private static long word(byte[] b, int off) {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (b[off + i] & 0xff);
    }
    return v;
  }
}
