package org.altoredist.http;

import java.time.Instant;

/**
 * An operator's file the server refused to publish, and why. The previous good version of whatever
 * the file provided stays in service (alto-http.md §3.2).
 *
 * @param file where the file is
 * @param resource the resource ID it provides or was taken for, or null when that is unknown
 * @param reason what is wrong: the ALTO model's error (RFC 7285 code, JSON path, rule) or a
 *     cross-check that failed
 * @param at when it was refused
 */
public record Rejection(String file, String resource, String reason, Instant at) {

  @Override
  public String toString() {
    return file + (resource == null ? "" : " (" + resource + ")") + ": " + reason;
  }
}
