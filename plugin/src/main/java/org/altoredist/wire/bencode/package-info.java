/**
 * Strict, canonical-only bencode (BEP 3) with depth limits, telling "need more bytes" from
 * malformed input: {@link org.altoredist.wire.bencode.Bencode}.
 */
package org.altoredist.wire.bencode;
