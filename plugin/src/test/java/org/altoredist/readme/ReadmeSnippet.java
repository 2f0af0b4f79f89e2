package org.altoredist.readme;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * A Java example of the README, as a user copies it: the first {@code ```java} block under a
 * heading, its {@code import} lines apart from the rest. A block that is a whole program (a public
 * class) compiles as written ({@link #compileProgram}). A block of statements uses a few variables
 * the README leaves to the reader ("your config"); a test declares them as the parameters of the
 * method it wraps the statements in ({@link #compile}). Either compiles against the test's own
 * class path, and a test may run it in a JVM of its own.
 */
final class ReadmeSnippet {

  final String heading;
  final List<String> imports;
  final String body;

  private ReadmeSnippet(String heading, List<String> imports, String body) {
    this.heading = heading;
    this.imports = imports;
    this.body = body;
  }

  static Path readme() {
    String spec = System.getProperty("altoredist.spec.dir");
    if (spec == null) {
      throw new IllegalStateException("system property altoredist.spec.dir is not set (surefire sets it)");
    }
    return Path.of(spec).getParent().resolve("README.md");
  }

  /** The first {@code ```sh} block after the line {@code ## heading}: a command as users paste it. */
  static String shellUnder(String heading) throws IOException {
    List<String> lines = Files.readAllLines(readme());
    int at = lines.indexOf("## " + heading);
    int open = lines.subList(Math.max(at, 0), lines.size()).indexOf("```sh") + Math.max(at, 0);
    if (at < 0 || open < at) {
      throw new AssertionError("README.md has no ```sh block under \"## " + heading + "\"");
    }
    StringBuilder script = new StringBuilder();
    for (int i = open + 1; i < lines.size() && !lines.get(i).equals("```"); i++) {
      script.append(lines.get(i)).append('\n');
    }
    return script.toString();
  }

  /** The first Java block after the line {@code ## heading}. */
  static ReadmeSnippet under(String heading) throws IOException {
    List<String> lines = Files.readAllLines(readme());
    int at = lines.indexOf("## " + heading);
    if (at < 0) {
      throw new AssertionError("README.md has no section \"## " + heading + "\"");
    }
    int open = at + 1;
    while (open < lines.size() && !lines.get(open).equals("```java")) {
      if (lines.get(open).startsWith("## ")) {
        throw new AssertionError("section \"" + heading + "\" has no ```java block");
      }
      open++;
    }
    List<String> imports = new ArrayList<>();
    StringBuilder body = new StringBuilder();
    for (int i = open + 1; i < lines.size() && !lines.get(i).equals("```"); i++) {
      String l = lines.get(i);
      if (l.startsWith("import ")) {
        imports.add(l);
      } else {
        body.append(l).append('\n');
      }
    }
    return new ReadmeSnippet(heading, imports, body.toString());
  }

  /**
   * Writes and compiles {@code className}: the snippet's imports and {@code extraImports}, its
   * statements as the body of {@code public static void example(parameters)}, and {@code main} as
   * the class's main method's body. Returns the directory of the class files.
   */
  Path compile(Path dir, String className, List<String> extraImports, String parameters, String main)
      throws IOException {
    StringBuilder src = new StringBuilder();
    imports.forEach(i -> src.append(i).append('\n'));
    extraImports.forEach(i -> src.append("import ").append(i).append(";\n"));
    src.append("public class ").append(className).append(" {\n")
        .append("  public static void example(").append(parameters).append(") throws Exception {\n")
        .append(body).append("  }\n")
        .append("  public static void main(String[] args) throws Exception {\n").append(main).append("\n  }\n}\n");
    return javac(dir, className, src.toString());
  }

  /** Compiles the block as written, a public class; returns the class's name. */
  String compileProgram(Path dir) throws IOException {
    Matcher m = Pattern.compile("public class (\\w+)").matcher(body);
    if (!m.find()) {
      throw new AssertionError("the README's \"" + heading + "\" example is not a complete program (no public class)");
    }
    javac(dir, m.group(1), String.join("\n", imports) + "\n\n" + body);
    return m.group(1);
  }

  private Path javac(Path dir, String className, String src) throws IOException {
    Path source = dir.resolve(className + ".java");
    Files.createDirectories(dir);
    Files.writeString(source, src);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    StringWriter errors = new StringWriter();
    boolean ok = javac.getTask(errors, null, null,
        List.of("-classpath", System.getProperty("java.class.path"), "-d", dir.toString(), "-proc:none"), null,
        javac.getStandardFileManager(null, null, null).getJavaFileObjects(source)).call();
    if (!ok) {
      throw new AssertionError("the README's \"" + heading + "\" example does not compile:\n" + errors + "\n" + src);
    }
    return dir;
  }
}
