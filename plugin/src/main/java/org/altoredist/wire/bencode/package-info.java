/**
 * Strict, canonical-only bencode (BEP 3) with depth limits, telling "need more bytes" from
 * malformed input, and one reader for other protocols' unsigned dictionaries that takes their keys
 * in any order: {@link org.altoredist.wire.bencode.Bencode}.
 */
package org.altoredist.wire.bencode;
