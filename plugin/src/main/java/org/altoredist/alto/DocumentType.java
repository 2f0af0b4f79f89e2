package org.altoredist.alto;

/** The RFC 7285 response documents this model reads, with their media types (§14.1 Table 2). */
public enum DocumentType {
  DIRECTORY("application/alto-directory+json", "ird"),
  NETWORK_MAP("application/alto-networkmap+json", "networkmap"),
  COST_MAP("application/alto-costmap+json", "costmap"),
  ERROR("application/alto-error+json", "error");

  private final String mediaType;
  private final String shortName;

  DocumentType(String mediaType, String shortName) {
    this.mediaType = mediaType;
    this.shortName = shortName;
  }

  public String mediaType() {
    return mediaType;
  }

  /** The name the command line uses: ird, networkmap, costmap, error. */
  public String shortName() {
    return shortName;
  }

  /** The type whose media type this is (parameters such as charset ignored), or null. */
  public static DocumentType ofMediaType(String mediaType) {
    for (DocumentType t : values()) {
      if (sameMediaType(t.mediaType, mediaType)) {
        return t;
      }
    }
    return null;
  }

  /**
   * Whether {@code mediaType} names {@code bare}: type and subtype compare without regard to case
   * (RFC 6838 §4.2), and parameters such as charset are not part of the name.
   */
  static boolean sameMediaType(String bare, String mediaType) {
    if (mediaType == null) {
      return false;
    }
    int semi = mediaType.indexOf(';');
    return bare.equalsIgnoreCase((semi < 0 ? mediaType : mediaType.substring(0, semi)).trim());
  }

  /** The type with this short name, or null. */
  public static DocumentType ofShortName(String name) {
    for (DocumentType t : values()) {
      if (t.shortName.equals(name)) {
        return t;
      }
    }
    return null;
  }
}
