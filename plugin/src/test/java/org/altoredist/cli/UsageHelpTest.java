package org.altoredist.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * Every command's {@code --help}, as the tool prints it when its output is not a terminal: no line
 * is wider than picocli's default width, and descriptions are paragraphs that picocli wraps, not
 * lines wrapped by hand at another width (picocli prints each description string on a line of its
 * own, so a sentence split over two strings breaks where the author's editor did).
 */
class UsageHelpTest {

  private static final int WIDTH = UsageMessageSpec.DEFAULT_USAGE_WIDTH;
  /** Punctuation that may end a line of prose. */
  private static final Pattern ENDS_A_SENTENCE = Pattern.compile(".*[.:;!?]$");

  @Test
  void everyLineOfEveryCommandsHelpFitsTheDefaultWidth() {
    List<String> tooWide = new ArrayList<>();
    for (List<String> command : commands()) {
      for (String line : help(command)) {
        if (line.length() > WIDTH) {
          tooWide.add(command + ": " + line.length() + " columns: " + line);
        }
      }
    }
    assertEquals(List.of(), tooWide);
  }

  /**
   * picocli fills each line before it breaks, so a description line that ends mid-sentence although
   * the next word would have fit on it was broken by hand.
   */
  @Test
  void noDescriptionBreaksASentenceWherePicocliWouldNot() {
    List<String> broken = new ArrayList<>();
    for (List<String> command : commands()) {
      List<String> description = descriptionLines(help(command));
      for (int i = 0; i + 1 < description.size(); i++) {
        String line = description.get(i);
        String next = description.get(i + 1);
        if (line.isEmpty() || next.isEmpty() || ENDS_A_SENTENCE.matcher(line).matches()) {
          continue;
        }
        String word = next.split(" ", 2)[0];
        if (line.length() + 1 + word.length() < WIDTH) {
          broken.add(command + ": \"" + line + "\" / \"" + next + "\"");
        }
      }
    }
    assertEquals(List.of(), broken);
  }

  /**
   * picocli formats descriptions with String.format: a bare '%' makes it warn on the JVM's stderr
   * (not the command's) and print the text unformatted.
   */
  @Test
  void helpWritesNothingButTheHelp() {
    List<String> warned = new ArrayList<>();
    PrintStream stderr = System.err;
    try {
      for (List<String> command : commands()) {
        ByteArrayOutputStream stray = new ByteArrayOutputStream();
        System.setErr(new PrintStream(stray, true, StandardCharsets.UTF_8));
        ToolRun r = run(command);
        String err = r.err() + stray.toString(StandardCharsets.UTF_8);
        if (!err.isEmpty()) {
          warned.add(command + ": " + err);
        }
      }
    } finally {
      System.setErr(stderr);
    }
    assertEquals(List.of(), warned);
  }

  /**
   * A list of commands (the tool's, pki's) shows each command's first description paragraph: a
   * one-line summary there lets a newcomer scan the commands, where whole paragraphs bury them.
   */
  @Test
  void everyCommandIsSummedUpOnOneLineOfItsParentsHelp() {
    List<String> wrapped = new ArrayList<>();
    for (List<String> command : commands()) {
      List<String> help = help(command);
      for (int i = help.indexOf("Commands:") + 1; i > 0 && i < help.size(); i++) {
        if (help.get(i).startsWith("    ")) {
          wrapped.add(command + ": " + help.get(i - 1).strip() + " / " + help.get(i).strip());
        }
      }
    }
    assertEquals(List.of(), wrapped);
  }

  /** The same rule on the model: options' descriptions too, and at any width. */
  @Test
  void everyDescriptionStringButTheLastEndsASentence() {
    List<String> broken = new ArrayList<>();
    for (CommandSpec spec : specs(new CommandLine(new Main()))) {
      check(spec.qualifiedName(), spec.usageMessage().description(), broken);
      for (ArgSpec arg : spec.args()) {
        check(spec.qualifiedName() + " " + arg.paramLabel(), arg.description(), broken);
      }
    }
    assertEquals(List.of(), broken);
  }

  private static void check(String where, String[] description, List<String> broken) {
    for (int i = 0; i + 1 < description.length; i++) {
      String s = description[i].strip();
      if (!s.isEmpty() && !ENDS_A_SENTENCE.matcher(s).matches()) {
        broken.add(where + ": \"" + s + "\"");
      }
    }
  }

  /** The lines after the synopsis up to the first indented one (options, parameters) or "Commands:". */
  static List<String> descriptionLines(List<String> help) {
    int i = 0;
    while (i < help.size() && !help.get(i).startsWith("Usage:")) {
      i++;
    }
    i++;
    while (i < help.size() && help.get(i).startsWith(" ")) {
      i++;
    }
    List<String> lines = new ArrayList<>();
    for (; i < help.size() && !help.get(i).startsWith(" ") && !help.get(i).equals("Commands:"); i++) {
      lines.add(help.get(i));
    }
    return lines;
  }

  private static List<String> help(List<String> command) {
    return run(command).out().lines().toList();
  }

  private static ToolRun run(List<String> command) {
    List<String> args = new ArrayList<>(command);
    args.add("--help");
    ToolRun r = ToolRun.of(args.toArray(String[]::new));
    assertEquals(0, r.exit(), () -> args + ": " + r.err());
    return r;
  }

  /** Every command's words after the tool's name: [] for the tool itself, [pki, ca], ... */
  private static List<List<String>> commands() {
    List<List<String>> all = new ArrayList<>();
    for (CommandSpec spec : specs(new CommandLine(new Main()))) {
      List<String> words = new ArrayList<>(List.of(spec.qualifiedName().split(" ")));
      all.add(words.subList(1, words.size()));
    }
    return all;
  }

  private static List<CommandSpec> specs(CommandLine cl) {
    List<CommandSpec> all = new ArrayList<>();
    all.add(cl.getCommandSpec());
    for (CommandLine sub : cl.getSubcommands().values()) {
      all.addAll(specs(sub));
    }
    return all;
  }
}
