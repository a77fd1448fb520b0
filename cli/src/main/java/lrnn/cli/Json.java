package lrnn.cli;

import java.util.Collection;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A minimal JSON writer for result files: maps, collections, double arrays, numbers, strings, booleans; and
 * {@link #topLevel}, which reads a scalar entry back from what it wrote.
 *
 * <p>Hand-written on purpose (issue 13 weighed Jackson): lrnn writes a few small JSON files of maps, lists and
 * numbers (results.json, realdata.json, the experiments' dynamics.json ... beside their CSVs, model.json), and
 * reads back only the top-level rate of its own files ({@code paper}'s summary, the sweep's eta_used column);
 * their exact layout is relied on ({@link JsonTest} pins it). If lrnn ever reads JSON written by anything else,
 * a real parser is due. jackson-core's streaming writer alone is a 0.6 MB
 * jar (with databind 2.3 MB) and its default pretty printer lays out the same values differently
 * ({@code "key" : value}, one array element per line), so it would change every result file to replace 80 lines
 * that have nothing left to get wrong beyond the string escapes and non-finite numbers tested there.
 */
final class Json {

  private Json() {}

  /**
   * The text of a top-level entry of an object written by {@link #write} whose value is a number, a string, a
   * boolean, null or a list without maps (one line), exactly as written ({@code 0.05}, {@code "krylov"},
   * {@code [0, 4]}); null if the object has no such top-level entry or its value is a map or holds one. Reads this
   * writer's layout only (lrnn reading back its own result files): a top-level key starts a line after two
   * spaces, deeper keys after more, and only maps span lines.
   */
  static String topLevel(String json, String key) {
    Matcher m = Pattern.compile("(?m)^  \"" + Pattern.quote(key) + "\": (.*?),?\r?$").matcher(json);
    return m.find() && !m.group(1).startsWith("{") && !m.group(1).startsWith("[{") ? m.group(1) : null;
  }

  static String write(Object value) {
    StringBuilder sb = new StringBuilder();
    write(sb, value, 0);
    return sb.toString();
  }

  private static void write(StringBuilder sb, Object v, int indent) {
    switch (v) {
      case null -> sb.append("null");
      case Map<?, ?> m -> {
        sb.append("{");
        int i = 0;
        for (Map.Entry<?, ?> e : m.entrySet()) {
          sb.append(i++ == 0 ? "\n" : ",\n").append("  ".repeat(indent + 1));
          string(sb, String.valueOf(e.getKey()));
          sb.append(": ");
          write(sb, e.getValue(), indent + 1);
        }
        sb.append(m.isEmpty() ? "}" : "\n" + "  ".repeat(indent) + "}");
      }
      case Collection<?> c -> {
        sb.append("[");
        int i = 0;
        for (Object o : c) {
          sb.append(i++ == 0 ? "" : ", ");
          write(sb, o, indent + 1);
        }
        sb.append("]");
      }
      case double[] a -> {
        sb.append("[");
        for (int i = 0; i < a.length; i++) {
          sb.append(i == 0 ? "" : ", ");
          number(sb, a[i]);
        }
        sb.append("]");
      }
      case Double d -> number(sb, d);
      case Float f -> number(sb, f);
      case Number n -> sb.append(n);
      case Boolean b -> sb.append(b);
      default -> string(sb, v.toString());
    }
  }

  /** Non-finite numbers have no JSON form; they are written as null. */
  private static void number(StringBuilder sb, double d) {
    sb.append(Double.isFinite(d) ? Double.toString(d) : "null");
  }

  private static void string(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
          else sb.append(c);
        }
      }
    }
    sb.append('"');
  }
}
