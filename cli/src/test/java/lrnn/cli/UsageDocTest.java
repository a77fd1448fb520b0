package lrnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine;

import org.junit.jupiter.api.Test;

/**
 * docs/usage.md is generated from the commands' own --help; this test fails when they drift apart.
 * Regenerate with {@code ./run-tests -pl cli -am -Dtest=UsageDocTest -Dlrnn.updateDocs=true
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class UsageDocTest {

  static String render() {
    CommandLine top = Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), false);
    top.setUsageHelpWidth(100);
    StringBuilder md = new StringBuilder();
    md.append("# lrnn command-line usage\n\n");
    md.append("Generated from each command's `--help` (the test `UsageDocTest` keeps this page in sync).\n");
    md.append("Run any command with `./lrnn COMMAND [OPTIONS]`; every command writes its files into `--out` (default\n");
    md.append("`out/`) atomically, prints one-line errors (exit 2 for usage errors, 1 for failures; `--debug` adds the\n");
    md.append("stack trace), shows progress on stderr, and gives the same numbers for the same `--seed`.\n\n");
    md.append("```\n").append(top.getUsageMessage(CommandLine.Help.Ansi.OFF)).append("```\n");
    for (Map.Entry<String, CommandLine> e : top.getSubcommands().entrySet()) {
      if (e.getKey().equals("help")) continue;
      CommandLine sub = e.getValue();
      sub.setUsageHelpWidth(100);
      md.append("\n## lrnn ").append(e.getKey()).append("\n\n```\n")
          .append(sub.getUsageMessage(CommandLine.Help.Ansi.OFF)).append("```\n");
    }
    return md.toString();
  }

  @Test
  void usagePageMatchesTheHelpOfEveryCommand() throws IOException {
    Path doc = Path.of("").toAbsolutePath().getParent().resolve("docs/usage.md");
    String expected = render();
    if (Boolean.getBoolean("lrnn.updateDocs")) Files.writeString(doc, expected);
    assertEquals(expected, Files.readString(doc), "docs/usage.md is stale: regenerate it (see this test's javadoc)");
  }
}
