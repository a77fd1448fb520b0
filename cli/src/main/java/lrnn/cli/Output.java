package lrnn.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import lrnn.cli.plot.Figure;

/**
 * Writes a command's result files into its output directory ({@code --out}). Every file is written
 * atomically: the bytes go to a temporary file in the same directory, are forced to disk, and the
 * temporary file is renamed over the target, so a run that fails midway leaves the previous complete
 * file or none, never a truncated one. Creates the directory on first use and prints
 * {@code wrote <path>} for each file unless quiet.
 */
public final class Output {

  /** Writes a file's content to a stream; must not close it. */
  @FunctionalInterface
  public interface Body {
    void write(OutputStream out) throws IOException;
  }

  /** Default figure size in pixels (PNG) or points (SVG). */
  public static final int FIGURE_WIDTH = 900;
  public static final int FIGURE_HEIGHT = 600;

  private final Path dir;
  private final PrintWriter log;
  private final boolean quiet;
  private final boolean noFigures;

  /**
   * @param dir   the output directory (created when the first file is written)
   * @param log   where {@code wrote <path>} lines go
   * @param quiet whether to suppress those lines
   */
  public Output(Path dir, PrintWriter log, boolean quiet) {
    this(dir, log, quiet, false);
  }

  /** As {@link #Output(Path, PrintWriter, boolean)}; with {@code noFigures}, {@link #writeFigure} writes nothing. */
  public Output(Path dir, PrintWriter log, boolean quiet, boolean noFigures) {
    this.dir = dir;
    this.log = log;
    this.quiet = quiet;
    this.noFigures = noFigures;
  }

  /** A writer into another directory with the same log and quietness (e.g. {@code --save-model DIR}). */
  public Output in(Path other) {
    return new Output(other, log, quiet, noFigures);
  }

  /** The output directory. */
  public Path dir() {
    return dir;
  }

  /** The path of a result file: {@code name} resolved against the output directory. */
  public Path path(String name) {
    return dir.resolve(name);
  }

  /** Writes a file by streaming its content. */
  public Path write(String name, Body body) throws IOException {
    Path target = path(name);
    createDirectory(target.toAbsolutePath().getParent());
    writeAtomically(target, body);
    if (!quiet) {
      log.println("wrote " + target);
      log.flush();
    }
    return target;
  }

  /** Creates {@code dir} and its parents, with a one-line message when that is impossible. */
  static void createDirectory(Path dir) throws IOException {
    try {
      Files.createDirectories(dir);
    } catch (FileAlreadyExistsException e) {
      throw new IOException("cannot create the output directory " + e.getFile() + ": a file of that name exists; "
          + "choose another --out", e);
    } catch (IOException e) {
      throw new IOException("cannot create the output directory " + dir + " (" + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : ": " + e.getMessage()) + "); choose another --out", e);
    }
    if (!Files.isWritable(dir)) {
      throw new IOException("the output directory " + dir + " is not writable; choose another --out");
    }
  }

  /** Writes a UTF-8 text file (CSV, JSON, Markdown). */
  public Path writeString(String name, String content) throws IOException {
    return writeBytes(name, content.getBytes(StandardCharsets.UTF_8));
  }

  /** Writes a file from bytes. */
  public Path writeBytes(String name, byte[] content) throws IOException {
    return write(name, out -> out.write(content));
  }

  /** Writes a JSON result file ({@link Json#write}, with a final newline). */
  public Path writeJson(String name, Object value) throws IOException {
    return writeString(name, Json.write(value) + "\n");
  }

  /** Writes a CSV table. */
  public Path writeCsv(String name, lrnn.io.CsvWriter table) throws IOException {
    return writeString(name, table.toCsv());
  }

  /** Renders a figure as PNG, {@code width x height} pixels. */
  public Path writePng(String name, Figure figure, int width, int height) throws IOException {
    return write(name, out -> figure.writePng(out, width, height));
  }

  /** Renders a figure as SVG, {@code width x height} points. */
  public Path writeSvg(String name, Figure figure, int width, int height) throws IOException {
    return write(name, out -> figure.writeSvg(out, width, height));
  }

  /** Writes {@code <base>.png} and {@code <base>.svg} at the default size (nothing for a no-figures output). */
  public List<Path> writeFigure(String base, Figure figure) throws IOException {
    if (noFigures) return List.of();
    return List.of(writePng(base + ".png", figure, FIGURE_WIDTH, FIGURE_HEIGHT),
        writeSvg(base + ".svg", figure, FIGURE_WIDTH, FIGURE_HEIGHT));
  }

  /**
   * The one place in the command line that puts bytes on disk: delegates to
   * {@link lrnn.io.AtomicFiles#writeAtomically} (temporary file next to {@code target}, fsync, atomic
   * rename; the temporary file is removed if {@code body} or any step fails).
   */
  public static void writeAtomically(Path target, Body body) throws IOException {
    lrnn.io.AtomicFiles.writeAtomically(target, body::write);
  }

}
