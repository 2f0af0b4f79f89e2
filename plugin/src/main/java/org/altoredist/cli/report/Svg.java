package org.altoredist.cli.report;

import java.util.Locale;

/** A little SVG writer: just what the report's charts draw, escaped, with fixed-precision numbers. */
final class Svg {

  private final StringBuilder sb = new StringBuilder();

  Svg(int width, int height, String label) {
    sb.append(String.format(Locale.ROOT,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s\">",
        width, height, width, height, escape(label)));
  }

  Svg rect(double x, double y, double w, double h, String fill, String title) {
    sb.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\">",
        x, y, Math.max(0, w), Math.max(0, h), fill));
    if (title != null) {
      sb.append("<title>").append(escape(title)).append("</title>");
    }
    sb.append("</rect>");
    return this;
  }

  Svg line(double x1, double y1, double x2, double y2, String stroke) {
    sb.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>",
        x1, y1, x2, y2, stroke));
    return this;
  }

  Svg dashed(double x1, double y1, double x2, double y2, String stroke) {
    sb.append(String.format(Locale.ROOT,
        "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-dasharray=\"4 3\"/>",
        x1, y1, x2, y2, stroke));
    return this;
  }

  Svg polyline(double[] xs, double[] ys, String stroke) {
    sb.append("<polyline fill=\"none\" stroke-width=\"2\" stroke=\"").append(stroke).append("\" points=\"");
    for (int i = 0; i < xs.length; i++) {
      sb.append(String.format(Locale.ROOT, "%.1f,%.1f ", xs[i], ys[i]));
    }
    sb.append("\"/>");
    return this;
  }

  Svg text(double x, double y, String anchor, String text) {
    return text(x, y, anchor, text, "#000");
  }

  Svg text(double x, double y, String anchor, String text, String fill) {
    sb.append(String.format(Locale.ROOT,
        "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-size=\"12\" fill=\"%s\">", x, y, anchor, fill))
        .append(escape(text)).append("</text>");
    return this;
  }

  /** Text turned by {@code degrees} about its anchor point: a vertical axis label. */
  Svg text(double x, double y, String anchor, String text, int degrees) {
    sb.append(String.format(Locale.ROOT,
        "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-size=\"12\" transform=\"rotate(%d %.1f %.1f)\">",
        x, y, anchor, degrees, x, y)).append(escape(text)).append("</text>");
    return this;
  }

  @Override
  public String toString() {
    return sb + "</svg>";
  }

  static String escape(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
