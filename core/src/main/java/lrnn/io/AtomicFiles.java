package lrnn.io;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes files so that a reader (or a crash) never sees a half-written one: the bytes go to
 * {@code <target>.tmp-<random>} in the same directory, are flushed to disk ({@code fsync}), and the
 * temporary file is then renamed over the target with {@link StandardCopyOption#ATOMIC_MOVE} (falling
 * back to {@link StandardCopyOption#REPLACE_EXISTING} where the file system cannot move atomically).
 * On any failure the temporary file is deleted and the target is left as it was.
 *
 * <p>Missing parent directories of the target are created. Every writer of results in lrnn (CSV, PNG,
 * JSON, NPY, checkpoints) goes through {@link #writeAtomically}.
 */
public final class AtomicFiles {

  private AtomicFiles() {}

  /** Writes {@code bytes} to {@code target} atomically; see the class comment. */
  public static void write(Path target, byte[] bytes) throws IOException {
    Objects.requireNonNull(bytes, "bytes");
    writeAtomically(target, out -> out.write(bytes));
  }

  /** Writes {@code text} as UTF-8 to {@code target} atomically; see the class comment. */
  public static void writeString(Path target, String text) throws IOException {
    write(target, text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Runs {@code body} on a buffered stream into a temporary file next to {@code target}, then syncs
   * and renames it over {@code target}. The body may close the stream it is given (closing only
   * flushes it); the file is closed here. If the body throws (any exception or error), the temporary
   * file is deleted, {@code target} is untouched and the exception propagates.
   *
   * @param target the file to create or replace
   * @param body writes the content
   * @throws IOException from the body, or if the file cannot be written, synced or renamed
   */
  public static void writeAtomically(Path target, IOConsumer<? super OutputStream> body) throws IOException {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(body, "body");
    // An interrupt (how a cancelled run is stopped) would close the file channel mid-write: a write that has
    // begun finishes, and the interrupt status is restored for the caller to act on afterwards.
    boolean interrupted = Thread.interrupted();
    try {
      write(target, body);
    } finally {
      if (interrupted) Thread.currentThread().interrupt();
    }
  }

  private static void write(Path target, IOConsumer<? super OutputStream> body) throws IOException {
    Path abs = target.toAbsolutePath();
    Path dir = abs.getParent();
    if (dir != null) {
      Files.createDirectories(dir);
    }
    Path fileName = abs.getFileName();
    if (fileName == null) {
      throw new IOException(target + ": is not a file path");
    }
    String suffix = ".tmp-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    Path tmp = abs.resolveSibling(fileName + suffix);
    boolean moved = false;
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        OutputStream buffered = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16);
        body.accept(new FilterOutputStream(buffered) {
          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
          }

          @Override
          public void close() throws IOException {
            out.flush(); // the file is closed by writeAtomically, after fsync
          }
        });
        buffered.flush();
        ch.force(true);
      }
      try {
        Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
      }
      moved = true;
      syncDirectory(dir);
    } finally {
      if (!moved) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException suppressed) {
          // the original failure matters more; a stray temp file is named .tmp-* and harmless
        }
      }
    }
  }

  /** Makes the rename durable where the platform allows syncing a directory (Linux does; Windows not). */
  private static void syncDirectory(Path dir) {
    if (dir == null) {
      return;
    }
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | RuntimeException e) {
      // best effort: the data itself was synced before the rename
    }
  }
}
