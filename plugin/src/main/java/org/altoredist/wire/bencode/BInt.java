package org.altoredist.wire.bencode;

/** A bencode integer. The codec accepts exactly the signed 64-bit range; anything wider is refused. */
public record BInt(long value) implements BValue {}
