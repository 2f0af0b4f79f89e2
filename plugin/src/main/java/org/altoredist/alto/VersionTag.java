package org.altoredist.alto;

import java.util.Objects;

/**
 * An RFC 7285 §10.3 version tag. Two tags are equal iff both fields are byte-for-byte equal; both
 * are restricted to printable US-ASCII, so Java string equality is exactly that.
 */
public record VersionTag(String resourceId, String tag) {

  public VersionTag {
    Objects.requireNonNull(resourceId, "resourceId");
    Objects.requireNonNull(tag, "tag");
    if (!Identifiers.isResourceId(resourceId)) {
      throw new IllegalArgumentException("not an RFC 7285 §10.2 resource ID: " + resourceId);
    }
    if (!Identifiers.isTag(tag)) {
      throw new IllegalArgumentException("not an RFC 7285 §10.3 tag: " + tag);
    }
  }

  @Override
  public String toString() {
    return resourceId + "@" + tag;
  }
}
