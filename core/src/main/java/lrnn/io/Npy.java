package lrnn.io;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads and writes NumPy {@code .npy} files holding one float64 ({@code '<f8'}) or float32
 * ({@code '<f4'}) array in C (row-major) order, little-endian: what {@code np.save(path, arr)} writes
 * for a C-contiguous {@code float64}/{@code float32} array.
 *
 * <h2>Format</h2>
 * The magic {@code \x93NUMPY}, a major and minor version byte, the header length (uint16 LE for
 * version 1.0, uint32 LE for 2.0 and 3.0), then the header: a Python dict literal such as
 * {@code {'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }} in Latin-1 (versions 1.0 and
 * 2.0) or UTF-8 (3.0), padded with spaces and ended by a newline; then the raw elements. The reader
 * accepts versions 1.0, 2.0 and 3.0; the writer writes 1.0 (2.0 if the header exceeds 65535 bytes,
 * as NumPy does), with the header padded so that the data starts at a multiple of 64 bytes — the
 * same bytes as {@code np.save}.
 *
 * <h2>Errors</h2>
 * Every problem with a file's content is a {@link MalformedFileException} naming the file, what is
 * wrong and what to do: bad magic, unsupported version, truncated header or data, a header that is
 * not the dict above, big-endian data, Fortran order (for rank 2 or more), dtypes other than
 * {@code <f8}/{@code <f4}, negative or non-integer dimensions, a shape whose element count exceeds
 * the file's size or a Java array (checked before anything is allocated), bytes after the data, and
 * an empty file. A missing file is a {@link NoSuchFileException} naming the path. Reading never
 * allocates more than about the file's size.
 */
public final class Npy {

  private Npy() {}

  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  private static final int ALIGN = 64;
  /** NumPy leaves room in the header for the first axis to grow to this many digits. */
  private static final int GROWTH_AXIS_MAX_DIGITS = 21;
  /** Longest header we read; NumPy itself refuses more than 10000 bytes by default. */
  private static final int MAX_HEADER = 1 << 20;
  private static final int CHUNK = 1 << 16;
  private static final String HOW_TO_SAVE =
      "write it with np.save(path, np.ascontiguousarray(arr, dtype=np.float64))";

  // ---------------------------------------------------------------------------------------------
  // Reading

  /**
   * Reads a {@code .npy} file.
   *
   * @param file the file; its name is used as the array's {@link NdArray#source()} (as given, e.g.
   *     {@code data/x_train.npy})
   * @return the array, float64 or float32 as stored
   * @throws NoSuchFileException if the file does not exist (the message names the path)
   * @throws MalformedFileException if the content is not a supported {@code .npy} array
   * @throws IOException on other read errors
   */
  public static NdArray read(Path file) throws IOException {
    String name = file.toString();
    if (Files.isDirectory(file)) {
      throw new MalformedFileException(name, "is a directory, not a .npy file");
    }
    FileChannel ch;
    try {
      ch = FileChannel.open(file, StandardOpenOption.READ);
    } catch (NoSuchFileException e) {
      throw new NoSuchFileException(name, null, "no such file (absolute path "
          + file.toAbsolutePath() + "); check the path");
    }
    try (ch) {
      return decode(ch, ch.size(), name, false);
    }
  }

  /**
   * The shape of the array in a {@code .npy} file from its header alone (nothing else is read or allocated),
   * with the checks of {@link #read} on the magic, version, header and file size.
   */
  public static int[] shape(Path file) throws IOException {
    String name = file.toString();
    if (Files.isDirectory(file)) throw new MalformedFileException(name, "is a directory, not a .npy file");
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      return decode(ch, ch.size(), name, true).shape();
    } catch (NoSuchFileException e) {
      throw new NoSuchFileException(name, null, "no such file (absolute path " + file.toAbsolutePath()
          + "); check the path");
    }
  }

  /** Reads a {@code .npy} image held in memory; {@code source} names it in messages. */
  static NdArray decode(byte[] bytes, String source) throws IOException {
    return decode(Channels.newChannel(new ByteArrayInputStream(bytes)), bytes.length, source, false);
  }

  /** Reads an array of exactly {@code size} bytes from {@code ch}. */
  private static NdArray decode(ReadableByteChannel ch, long size, String name, boolean headerOnly)
      throws IOException {
    if (size == 0) {
      throw new MalformedFileException(name, "is empty (0 bytes); expected a .npy file: " + HOW_TO_SAVE);
    }
    int prefixLen = Math.toIntExact(Math.min(size, 12));
    ByteBuffer prefix = readFully(ch, prefixLen, name, "the magic");
    byte[] head = new byte[prefixLen];
    prefix.get(0, head);
    if (prefixLen < MAGIC.length + 2 || !startsWithMagic(head)) {
      throw new MalformedFileException(name, "is not a .npy file: it starts with bytes "
          + HexFormat.ofDelimiter(" ").formatHex(head, 0, Math.min(prefixLen, 8))
          + " instead of the magic 93 4e 55 4d 50 59 (\\x93NUMPY); " + HOW_TO_SAVE);
    }
    int major = head[6] & 0xff;
    int minor = head[7] & 0xff;
    if ((major != 1 && major != 2 && major != 3) || minor != 0) {
      throw new MalformedFileException(name, "has .npy format version " + major + "." + minor
          + ", which is not supported (1.0, 2.0 and 3.0 are); " + HOW_TO_SAVE);
    }
    int lenBytes = major == 1 ? 2 : 4;
    int fixed = 8 + lenBytes;
    if (size < fixed) {
      throw new MalformedFileException(name, "is truncated: it ends (after " + size
          + " bytes) inside the header length field; the file was cut short, save it again");
    }
    ByteBuffer lenBuf = ByteBuffer.wrap(head, 8, lenBytes).order(ByteOrder.LITTLE_ENDIAN);
    long headerLen = major == 1 ? (lenBuf.getShort() & 0xffffL) : (lenBuf.getInt() & 0xffffffffL);
    if (fixed + headerLen > size) {
      throw new MalformedFileException(name, "is truncated: the header claims " + headerLen
          + " bytes but only " + (size - fixed) + " follow; the file was cut short, save it again");
    }
    if (headerLen > MAX_HEADER) {
      throw new MalformedFileException(name, "claims a header of " + headerLen
          + " bytes, more than the " + MAX_HEADER + " this reader accepts; the header is corrupt");
    }
    // The prefix buffer may already hold the first header bytes.
    byte[] headerBytes = new byte[(int) headerLen];
    int inPrefix = Math.min(prefixLen - fixed, (int) headerLen);
    System.arraycopy(head, fixed, headerBytes, 0, inPrefix);
    ByteBuffer rest = readFully(ch, (int) headerLen - inPrefix, name, "the header");
    rest.get(0, headerBytes, inPrefix, (int) headerLen - inPrefix);
    String header = decodeHeader(headerBytes, major, name);
    Header h = parseHeader(header, name);

    int item = h.dtype.itemSize();
    long dataBytes = size - fixed - headerLen;
    String claim = "the header claims shape " + h.shapeText + " of " + h.dtype.descr() + ", "
        + (h.count > Integer.MAX_VALUE ? "over " + Integer.MAX_VALUE : Long.toString(h.count)) + " elements";
    // Sizes are checked against the file before anything is allocated.
    if (h.count > dataBytes / item) {
      throw new MalformedFileException(name, "is truncated or its header is corrupt: " + claim
          + ", but only " + dataBytes + " data bytes (" + dataBytes / item
          + " elements) follow the header; save it again");
    }
    if (h.count > NdArray.MAX_ELEMENTS) {
      throw new MalformedFileException(name, claim + ", more than a Java array can hold ("
          + NdArray.MAX_ELEMENTS + "); split the array into several files");
    }
    long needed = h.count * item;
    if (dataBytes > needed) {
      throw new MalformedFileException(name, "has " + (dataBytes - needed)
          + " bytes after the data that the header (shape " + h.shapeText + " of " + h.dtype.descr()
          + ", " + needed + " bytes) does not account for; the file is corrupt or not one np.save array");
    }
    if (headerOnly) return NdArray.wrap(name, h.shape, null, null); // the shape only; no data accessors are used
    int n = (int) h.count;
    double[] doubles = h.dtype == NdArray.DType.FLOAT64 ? new double[n] : null;
    float[] floats = h.dtype == NdArray.DType.FLOAT32 ? new float[n] : null;
    ByteBuffer buf = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
    int spill = prefixLen - fixed - inPrefix; // data bytes already read with the prefix
    buf.put(head, prefixLen - spill, spill);
    int done = 0;
    while (done < n) {
      // CHUNK and the bytes left are multiples of the item size, so every chunk holds whole items.
      buf.limit((int) Math.min(CHUNK, (long) (n - done) * item));
      while (buf.hasRemaining()) {
        if (ch.read(buf) < 0) {
          throw new MalformedFileException(name, "is truncated: it ended after " + done
              + " of " + n + " elements; save it again");
        }
      }
      buf.flip();
      int k = buf.remaining() / item;
      if (doubles != null) {
        buf.asDoubleBuffer().get(doubles, done, k);
      } else {
        buf.asFloatBuffer().get(floats, done, k);
      }
      buf.clear();
      done += k;
    }
    return NdArray.wrap(name, h.shape, doubles, floats);
  }

  private static boolean startsWithMagic(byte[] head) {
    for (int i = 0; i < MAGIC.length; i++) {
      if (head[i] != MAGIC[i]) {
        return false;
      }
    }
    return true;
  }

  private static ByteBuffer readFully(ReadableByteChannel ch, int len, String name, String what)
      throws IOException {
    ByteBuffer b = ByteBuffer.allocate(len);
    while (b.hasRemaining()) {
      if (ch.read(b) < 0) {
        throw new MalformedFileException(name, "is truncated inside " + what + "; save it again",
            new EOFException());
      }
    }
    return b;
  }

  private static String decodeHeader(byte[] bytes, int major, String name) throws MalformedFileException {
    if (major < 3) {
      return new String(bytes, StandardCharsets.ISO_8859_1);
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new MalformedFileException(name, "has a version 3.0 header that is not valid UTF-8; the "
          + "header is corrupt, save the array again", e);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Header parsing: a strict reader for the Python literals np.save writes.

  private record Header(NdArray.DType dtype, int[] shape, long count, String shapeText) {}

  /** A number token, kept as text so that messages can quote it. */
  private record Num(String text) {}

  /** A Python tuple (as opposed to a list). */
  private record Tuple(List<Object> items) {}

  private static Header parseHeader(String header, String name) throws MalformedFileException {
    Object parsed = new LiteralParser(header, name).parseAll();
    if (!(parsed instanceof Map<?, ?> dict)) {
      throw badHeader(name, header, "it is not a dict");
    }
    for (Object key : dict.keySet()) {
      if (!(key instanceof String k) || !(k.equals("descr") || k.equals("fortran_order") || k.equals("shape"))) {
        throw badHeader(name, header, "it has the unexpected key "
            + (key instanceof String k ? quote(k) : describe(key)) + "; the keys are 'descr', 'fortran_order' and 'shape'");
      }
    }
    for (String key : List.of("descr", "fortran_order", "shape")) {
      if (!dict.containsKey(key)) {
        throw badHeader(name, header, "it lacks the key '" + key + "'");
      }
    }
    Object descr = dict.get("descr");
    Object fortran = dict.get("fortran_order");
    Object shapeObj = dict.get("shape");
    if (!(shapeObj instanceof Tuple(List<Object> dims))) {
      throw badHeader(name, header, "'shape' is " + describe(shapeObj) + ", not a tuple of integers");
    }
    int[] shape = new int[dims.size()];
    long count = 1;
    for (int a = 0; a < shape.length; a++) {
      Object d = dims.get(a);
      String text = d instanceof Num(String t) ? t : describe(d);
      if (!(d instanceof Num) || !text.matches("-?[0-9]+L?")) {
        throw new MalformedFileException(name, "has a header whose shape has the dimension " + text
            + " at axis " + a + ", which is not a non-negative integer; the header is corrupt, save the array again");
      }
      String digits = text.endsWith("L") ? text.substring(0, text.length() - 1) : text;
      if (digits.startsWith("-")) {
        throw new MalformedFileException(name, "has a header whose shape has the negative dimension "
            + digits + " at axis " + a + "; the header is corrupt, save the array again");
      }
      digits = digits.replaceFirst("^0+(?=.)", "");
      if (digits.length() > 10 || Long.parseLong(digits) > Integer.MAX_VALUE) {
        throw new MalformedFileException(name, "has a header whose shape has the dimension " + digits
            + " at axis " + a + ", larger than a Java array can hold (" + Integer.MAX_VALUE
            + "); the header is corrupt or the array must be split");
      }
      shape[a] = Integer.parseInt(digits);
      count = count > Integer.MAX_VALUE ? (shape[a] == 0 ? 0 : count) : count * shape[a];
    }
    String shapeText = NdArray.formatShape(shape);
    if (!(descr instanceof String dt)) {
      String what = descr instanceof List<?> || descr instanceof Tuple ? "a structured dtype" : "an unsupported dtype";
      throw new MalformedFileException(name, "has " + what + " ('descr': " + describeShort(descr)
          + "); lrnn reads plain float64 ('<f8') or float32 ('<f4') arrays: " + HOW_TO_SAVE);
    }
    NdArray.DType dtype = switch (dt) {
      case "<f8" -> NdArray.DType.FLOAT64;
      case "<f4" -> NdArray.DType.FLOAT32;
      default -> throw unsupportedDtype(name, dt);
    };
    if (!(fortran instanceof Boolean fo)) {
      throw badHeader(name, header, "'fortran_order' is " + describe(fortran) + ", not True or False");
    }
    if (fo && shape.length > 1) {
      throw new MalformedFileException(name, "is in Fortran (column-major) order ('fortran_order': True) "
          + "with shape " + shapeText + "; lrnn reads C order only: save with "
          + "np.save(path, np.ascontiguousarray(arr))");
    }
    return new Header(dtype, shape, count, shapeText);
  }

  private static MalformedFileException unsupportedDtype(String name, String dt) {
    String kind;
    if (dt.length() >= 2 && dt.charAt(0) == '>' && (dt.equals(">f8") || dt.equals(">f4"))) {
      return new MalformedFileException(name, "is big-endian (dtype '" + dt + "'); lrnn reads "
          + "little-endian only: save with np.save(path, arr.astype('<" + dt.substring(1) + "'))");
    }
    char k = dt.length() >= 2 ? dt.charAt(1) : '?';
    kind = switch (k) {
      case 'i', 'u' -> "an integer dtype";
      case 'b' -> "a boolean dtype";
      case 'c' -> "a complex dtype";
      case 'O' -> "an object dtype (pickled Python objects, which are never loaded)";
      case 'f' -> "a floating-point dtype other than float64/float32";
      case 'U', 'S', 'a' -> "a string dtype";
      default -> "an unsupported dtype";
    };
    return new MalformedFileException(name, "has " + kind + " ('" + dt + "'); lrnn reads float64 ('<f8') "
        + "or float32 ('<f4') only: save with np.save(path, arr.astype(np.float64))");
  }

  private static MalformedFileException badHeader(String name, String header, String why) {
    return new MalformedFileException(name, "has a malformed .npy header (" + why + "): "
        + quote(header) + "; the file is corrupt or not written by np.save, " + HOW_TO_SAVE);
  }

  private static String quote(String s) {
    String t = s.strip();
    if (t.length() > 200) {
      t = t.substring(0, 200) + "...";
    }
    StringBuilder sb = new StringBuilder("\"");
    for (char c : t.toCharArray()) {
      sb.append(c < 0x20 || c == 0x7f ? String.format("\\x%02x", (int) c) : String.valueOf(c));
    }
    return sb.append('"').toString();
  }

  private static String describe(Object v) {
    return switch (v) {
      case null -> "None";
      case String s -> "the string " + quote(s);
      case Boolean b -> b ? "True" : "False";
      case Num(String t) -> t;
      case Tuple t -> "a tuple";
      case List<?> l -> "a list";
      case Map<?, ?> m -> "a dict";
      default -> v.toString();
    };
  }

  private static String describeShort(Object v) {
    String s = repr(v);
    return s.length() > 120 ? s.substring(0, 120) + "..." : s;
  }

  /** Python-style text of a parsed literal, for messages. */
  private static String repr(Object v) {
    return switch (v) {
      case null -> "None";
      case String s -> "'" + s + "'";
      case Boolean b -> b ? "True" : "False";
      case Num(String t) -> t;
      case Tuple(List<Object> items) -> items.size() == 1 ? "(" + repr(items.get(0)) + ",)"
          : "(" + String.join(", ", items.stream().map(Npy::repr).toList()) + ")";
      case List<?> l -> "[" + String.join(", ", l.stream().map(Npy::repr).toList()) + "]";
      case Map<?, ?> m -> "{" + String.join(", ", m.entrySet().stream()
          .map(e -> repr(e.getKey()) + ": " + repr(e.getValue())).toList()) + "}";
      default -> v.toString();
    };
  }

  /**
   * Parses the Python literal subset of .npy headers: dicts, tuples, lists, strings, True, False,
   * None, numbers. Nesting is limited, so a hostile header cannot overflow the stack.
   */
  private static final class LiteralParser {
    private static final int MAX_DEPTH = 32;
    private final String s;
    private final String name;
    private int pos;

    LiteralParser(String s, String name) {
      this.s = s;
      this.name = name;
    }

    Object parseAll() throws MalformedFileException {
      Object v = value(0);
      skipSpace();
      if (pos != s.length()) {
        throw fail("unexpected text after the dict");
      }
      return v;
    }

    private MalformedFileException fail(String why) {
      return badHeader(name, s, why + " at character " + pos);
    }

    private void skipSpace() {
      while (pos < s.length() && (s.charAt(pos) == ' ' || s.charAt(pos) == '\n'
          || s.charAt(pos) == '\t' || s.charAt(pos) == '\r')) {
        pos++;
      }
    }

    private boolean eat(char c) {
      skipSpace();
      if (pos < s.length() && s.charAt(pos) == c) {
        pos++;
        return true;
      }
      return false;
    }

    private Object value(int depth) throws MalformedFileException {
      if (depth > MAX_DEPTH) {
        throw fail("nesting too deep");
      }
      skipSpace();
      if (pos >= s.length()) {
        throw fail("unexpected end");
      }
      char c = s.charAt(pos);
      switch (c) {
        case '{' -> {
          pos++;
          Map<Object, Object> map = new LinkedHashMap<>();
          while (!eat('}')) {
            Object key = value(depth + 1);
            if (!eat(':')) {
              throw fail("expected ':'");
            }
            Object val = value(depth + 1);
            if (map.put(key instanceof Tuple || key instanceof List<?> ? key.toString() : key, val) != null) {
              throw fail("duplicate key " + describe(key));
            }
            if (!eat(',')) {
              if (!eat('}')) {
                throw fail("expected ',' or '}'");
              }
              break;
            }
          }
          return map;
        }
        case '(', '[' -> {
          pos++;
          char close = c == '(' ? ')' : ']';
          List<Object> items = new ArrayList<>();
          boolean comma = false;
          while (!eat(close)) {
            items.add(value(depth + 1));
            if (!eat(',')) {
              if (!eat(close)) {
                throw fail("expected ',' or '" + close + "'");
              }
              break;
            }
            comma = true;
          }
          if (c == '[') {
            return items;
          }
          return items.size() == 1 && !comma ? items.get(0) : new Tuple(items);
        }
        case '\'', '"' -> {
          int end = s.indexOf(c, pos + 1);
          if (end < 0) {
            throw fail("unterminated string");
          }
          String str = s.substring(pos + 1, end);
          if (str.indexOf('\\') >= 0 || str.indexOf('\n') >= 0) {
            throw fail("unsupported string escape");
          }
          pos = end + 1;
          return str;
        }
        default -> {
          int start = pos;
          while (pos < s.length() && isAtomChar(s.charAt(pos))) {
            pos++;
          }
          String atom = s.substring(start, pos);
          return switch (atom) {
            case "" -> throw fail("unexpected character " + quote(String.valueOf(c)));
            case "True" -> Boolean.TRUE;
            case "False" -> Boolean.FALSE;
            case "None" -> null;
            default -> {
              if (!Character.isDigit(atom.charAt(0)) && atom.charAt(0) != '-' && atom.charAt(0) != '+'
                  && atom.charAt(0) != '.') {
                throw fail("unexpected name " + quote(atom));
              }
              yield new Num(atom);
            }
          };
        }
      }
    }

    private static boolean isAtomChar(char c) {
      return c < 128 && (Character.isLetterOrDigit(c) || c == '.' || c == '-' || c == '+' || c == '_');
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Finiteness

  /**
   * Checks that a flat (1-D) array has no NaN or infinite element.
   *
   * @param name the file or array name for the message
   * @throws MalformedFileException naming the first offending element, e.g. {@code "x.npy: element
   *     [7] is NaN; all values must be finite"}
   */
  public static void requireFinite(String name, double[] data) throws MalformedFileException {
    requireFinite(name, new int[] {data.length}, data);
  }

  /**
   * Checks that a row-major array of the given shape has no NaN or infinite element.
   *
   * @param name the file or array name for the message
   * @param shape the shape; its product must be {@code data.length}
   * @throws MalformedFileException naming the first offending element by flat index and
   *     multi-index, e.g. {@code "x.npy: element 23 = [1, 0, 3] of shape (2, 4, 5) is NaN; ..."}
   * @throws IllegalArgumentException if the shape does not match the data length
   */
  public static void requireFinite(String name, int[] shape, double[] data) throws MalformedFileException {
    long n = 1;
    for (int d : shape) {
      n *= d;
    }
    if (shape.length > 0 && n != data.length || shape.length == 0 && data.length != 1) {
      throw new IllegalArgumentException("shape " + NdArray.formatShape(shape) + " does not match "
          + data.length + " elements");
    }
    for (int i = 0; i < data.length; i++) {
      if (!Double.isFinite(data[i])) {
        throw notFinite(name, shape, i, data[i]);
      }
    }
  }

  static MalformedFileException notFinite(String name, int[] shape, int flat, double v) {
    int[] idx = new int[shape.length];
    int r = flat;
    for (int a = shape.length - 1; a >= 0; a--) {
      idx[a] = r % shape[a];
      r /= shape[a];
    }
    StringBuilder sb = new StringBuilder("[");
    for (int a = 0; a < idx.length; a++) {
      sb.append(a == 0 ? "" : ", ").append(idx[a]);
    }
    sb.append(']');
    String where = shape.length == 1 ? "element [" + flat + "]"
        : "element " + flat + " (flat) = " + sb + " of shape " + NdArray.formatShape(shape);
    return new MalformedFileException(name, where + " is " + (Double.isNaN(v) ? "NaN" : v > 0 ? "+Inf" : "-Inf")
        + "; all values must be finite: clean the data (e.g. np.isfinite) before saving");
  }

  // ---------------------------------------------------------------------------------------------
  // Writing

  /**
   * Writes a float64 array as {@code '<f8'}, C order, format version 1.0 (2.0 for very long
   * headers), atomically via {@link AtomicFiles}: the bytes are those {@code np.save} writes.
   *
   * @param file the target, created or replaced
   * @param shape the shape; {@code {}} for a scalar; zero dimensions allowed
   * @param data row-major elements, {@code data.length} equal to the product of {@code shape}. Not modified.
   * @throws IllegalArgumentException if a dimension is negative or the sizes disagree
   */
  public static void write(Path file, int[] shape, double[] data) throws IOException {
    write(file, NdArray.of(shape, data));
  }

  /** Writes a float32 array as {@code '<f4'}; otherwise as {@link #write(Path, int[], double[])}. */
  public static void write(Path file, int[] shape, float[] data) throws IOException {
    write(file, NdArray.of(shape, data));
  }

  /** Writes an array in its own dtype; see {@link #write(Path, int[], double[])}. */
  public static void write(Path file, NdArray array) throws IOException {
    Objects.requireNonNull(array, "array");
    AtomicFiles.writeAtomically(file, out -> encode(array, out));
  }

  /** A source of matrix rows for {@link #writeRows}: fills {@code dst} (length = columns) with row {@code r}. */
  @FunctionalInterface
  public interface RowSource {
    void row(int r, double[] dst);
  }

  /**
   * Streams a {@code (rows, cols)} float64 matrix as a .npy image to {@code out}, row by row, without holding
   * it whole: for matrices that exist only in a compact form (an NTK Gram stored as core {@code ⊗ I}) or that
   * should not be copied. The bytes are those {@link #write(Path, int[], double[])} writes for the same values.
   */
  public static void encodeRows(OutputStream out, int rows, int cols, RowSource source) throws IOException {
    encodeRows(out, rows, cols, NdArray.DType.FLOAT64, source);
  }

  /**
   * As {@link #encodeRows(OutputStream, int, int, RowSource)} in {@code dtype}: for float32 each value is
   * rounded to the nearest float (exact for values that are floats, e.g. a float32 W~ handed out widened).
   */
  public static void encodeRows(OutputStream out, int rows, int cols, NdArray.DType dtype, RowSource source)
      throws IOException {
    Objects.requireNonNull(source, "row source");
    Objects.requireNonNull(dtype, "dtype");
    if (rows < 0 || cols < 0) throw new IllegalArgumentException("shape (" + rows + ", " + cols + ") is negative");
    out.write(header(dtype.descr(), new int[] {rows, cols}));
    int item = dtype.itemSize();
    boolean f64 = dtype == NdArray.DType.FLOAT64;
    double[] row = new double[cols];
    ByteBuffer buf = ByteBuffer.allocate(Math.max(8, Math.min(CHUNK, cols * item))).order(ByteOrder.LITTLE_ENDIAN);
    int per = buf.capacity() / item;
    for (int r = 0; r < rows; r++) {
      source.row(r, row);
      for (int i = 0; i < cols; ) {
        int k = Math.min(cols - i, per);
        buf.clear();
        if (f64) {
          buf.asDoubleBuffer().put(row, i, k);
        } else {
          java.nio.FloatBuffer fb = buf.asFloatBuffer();
          for (int e = 0; e < k; e++) fb.put((float) row[i + e]);
        }
        out.write(buf.array(), 0, k * item);
        i += k;
      }
    }
  }

  /** Writes the full .npy image of {@code array} to {@code out} (e.g. inside an atomic write of the caller's). */
  public static void encode(NdArray array, OutputStream out) throws IOException {
    out.write(header(array.dtype().descr(), array.shape()));
    int item = array.dtype().itemSize();
    int n = array.size();
    ByteBuffer buf = ByteBuffer.allocate(Math.min(CHUNK, Math.max(item, n * item))).order(ByteOrder.LITTLE_ENDIAN);
    boolean f64 = array.dtype() == NdArray.DType.FLOAT64;
    double[] d = array.doublesNoCopy();
    float[] f = array.floatsNoCopy();
    for (int i = 0; i < n; ) {
      int k = Math.min(n - i, buf.capacity() / item);
      if (f64) {
        buf.asDoubleBuffer().put(d, i, k);
      } else {
        buf.asFloatBuffer().put(f, i, k);
      }
      out.write(buf.array(), 0, k * item);
      i += k;
    }
  }

  /** The magic, version, length and padded header for a C-order array: byte for byte what NumPy writes. */
  static byte[] header(String descr, int[] shape) {
    String shapeRepr = NdArray.formatShape(shape);
    StringBuilder h = new StringBuilder("{'descr': '").append(descr)
        .append("', 'fortran_order': False, 'shape': ").append(shapeRepr).append(", }");
    if (shape.length > 0) {
      h.append(" ".repeat(GROWTH_AXIS_MAX_DIGITS - Integer.toString(shape[0]).length()));
    }
    // Like NumPy: version 1.0 unless the padded header overflows its 16-bit length field.
    int major = 1;
    int fixed = 10;
    int pad = ALIGN - (fixed + h.length() + 1) % ALIGN;
    if (h.length() + 1 + pad > 65535) {
      major = 2;
      fixed = 12;
      pad = ALIGN - (fixed + h.length() + 1) % ALIGN;
    }
    h.append(" ".repeat(pad)).append('\n');
    byte[] text = h.toString().getBytes(StandardCharsets.ISO_8859_1);
    ByteBuffer b = ByteBuffer.allocate(fixed + text.length).order(ByteOrder.LITTLE_ENDIAN);
    b.put(MAGIC).put((byte) major).put((byte) 0);
    if (major == 1) {
      b.putShort((short) text.length);
    } else {
      b.putInt(text.length);
    }
    return b.put(text).array();
  }
}
