package org.altoredist.readme;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The library artifact (plugin/library/pom.xml) compiles plugin/'s own sources, so it needs exactly
 * the dependencies plugin/ compiles them with, less the command-line tool's: its list is written a
 * second time by hand, and once lacked a dependency added to plugin/ alone, which users' builds met
 * as a NoClassDefFoundError. Both lists are read here, so that {@code mvn verify} fails on the first
 * difference instead. What a library user never receives is left out of the comparison: test
 * dependencies and optional ones (plugin/'s slf4j-simple, for its executable jar).
 */
class LibraryPomTest {

  /** The tool's own: the library must not bring it to a client's classpath. */
  private static final Set<String> TOOL_ONLY = Set.of("info.picocli:picocli");

  @Test
  void theLibraryDependsOnWhatPluginCompilesWithLessTheTool() throws Exception {
    Path plugin = Path.of(System.getProperty("basedir", ".")).resolve("pom.xml");
    Path libraryPom = plugin.resolveSibling("library").resolve("pom.xml");
    Set<String> wanted = shipped(plugin);
    wanted.removeIf(LibraryPomTest::toolOnly);
    Set<String> library = shipped(libraryPom);
    Set<String> missing = new TreeSet<>(wanted);
    missing.removeAll(library);
    Set<String> extra = new TreeSet<>(library);
    extra.removeAll(wanted);
    assertEquals(Set.of(), missing, "plugin/library/pom.xml lacks these dependencies of plugin/pom.xml");
    assertEquals(Set.of(), extra, "plugin/library/pom.xml has these dependencies that plugin/pom.xml has not"
        + " (or has them with another scope, type or classifier; " + TOOL_ONLY + " belongs to the tool only)");
  }

  private static boolean toolOnly(String dependency) {
    return TOOL_ONLY.stream().anyMatch(t -> dependency.startsWith(t + ":"));
  }

  /** groupId:artifactId:type:classifier:scope of each non-test, non-optional dependency of a pom. */
  private static Set<String> shipped(Path pom) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    Element project = f.newDocumentBuilder().parse(Files.newInputStream(pom)).getDocumentElement();
    Set<String> out = new TreeSet<>();
    Element dependencies = child(project, "dependencies");
    if (dependencies == null) {
      return out;
    }
    NodeList all = dependencies.getChildNodes();
    for (int i = 0; i < all.getLength(); i++) {
      if (all.item(i) instanceof Element d && d.getTagName().equals("dependency")) {
        String scope = text(d, "scope", "compile");
        if (scope.equals("test") || text(d, "optional", "false").equals("true")) {
          continue;
        }
        out.add(text(d, "groupId", "") + ":" + text(d, "artifactId", "") + ":" + text(d, "type", "jar") + ":"
            + text(d, "classifier", "") + ":" + scope);
      }
    }
    return out;
  }

  /** A direct child element, not one nested deeper (a profile's or a plugin's dependencies). */
  private static Element child(Element parent, String name) {
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && e.getTagName().equals(name)) {
        return e;
      }
    }
    return null;
  }

  private static String text(Element parent, String name, String absent) {
    Element e = child(parent, name);
    return e == null ? absent : e.getTextContent().trim();
  }
}
