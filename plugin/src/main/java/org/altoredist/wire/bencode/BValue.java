package org.altoredist.wire.bencode;

/**
 * A decoded bencode value (BEP 3): an integer, a byte string, a list or a dictionary.
 *
 * <p>Values from a peer are untrusted. Read them with pattern matching
 * ({@code if (v instanceof BInt i)}) or with the typed lookups of {@link BDict}; never cast.
 */
public sealed interface BValue permits BInt, BBytes, BList, BDict {}
