package lrnn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

  @TempDir
  Path dir;

  private List<String> files() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void writesAndReplaces() throws IOException {
    Path p = dir.resolve("a.bin");
    AtomicFiles.write(p, new byte[] {1, 2, 3});
    assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(p));
    AtomicFiles.writeString(p, "héllo");
    assertEquals("héllo", Files.readString(p, StandardCharsets.UTF_8));
    assertEquals(List.of("a.bin"), files());
  }

  @Test
  void createsParentDirectories() throws IOException {
    Path p = dir.resolve("x/y/z.txt");
    AtomicFiles.writeString(p, "z");
    assertEquals("z", Files.readString(p));
  }

  @Test
  void failureLeavesTargetUntouchedAndNoTempFile() throws IOException {
    Path p = dir.resolve("keep.csv");
    AtomicFiles.writeString(p, "old");
    IOException boom = new IOException("boom");
    assertSame(boom, assertThrows(IOException.class, () -> AtomicFiles.writeAtomically(p, out -> {
      out.write("new, partial".getBytes(StandardCharsets.UTF_8));
      throw boom;
    })));
    assertThrows(IllegalStateException.class, () -> AtomicFiles.writeAtomically(p, out -> {
      out.write(1);
      throw new IllegalStateException("bug");
    }));
    assertEquals("old", Files.readString(p));
    assertEquals(List.of("keep.csv"), files());
  }

  @Test
  void bodyMayCloseItsStream() throws IOException {
    Path p = dir.resolve("w.txt");
    AtomicFiles.writeAtomically(p, out -> {
      try (Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8)) {
        w.write("line\n".repeat(20_000));
      }
    });
    assertEquals(100_000, Files.size(p));
    assertEquals(List.of("w.txt"), files());
  }

  @Test
  void theRootIsNotAFilePath() {
    Path root = dir.getRoot();
    assertEquals(root + ": is not a file path",
        assertThrows(IOException.class, () -> AtomicFiles.writeString(root, "x")).getMessage());
  }
}
