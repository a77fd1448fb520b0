package lrnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputTest {

  @TempDir
  Path tmp;

  @Test
  void createsTheDirectoryAndReportsEachFile() throws IOException {
    StringWriter log = new StringWriter();
    Output out = new Output(tmp.resolve("a/b"), new PrintWriter(log), false);
    Path p = out.writeString("x.json", "{}");
    assertEquals("{}", Files.readString(p));
    assertEquals("wrote " + tmp.resolve("a/b/x.json") + "\n", log.toString().replace(System.lineSeparator(), "\n"));

    StringWriter quiet = new StringWriter();
    new Output(tmp, new PrintWriter(quiet), true).writeBytes("y.bin", new byte[] {1, 2});
    assertEquals("", quiet.toString());
  }

  @Test
  void aFailedWriteKeepsThePreviousFileAndLeavesNoTemporary() throws IOException {
    Output out = new Output(tmp, new PrintWriter(new StringWriter()), true);
    out.writeString("r.csv", "complete\n");
    IOException e = assertThrows(IOException.class, () -> out.write("r.csv", os -> {
      os.write("half a fi".getBytes());
      throw new IOException("disk on fire");
    }));
    assertEquals("disk on fire", e.getMessage());
    assertEquals("complete\n", Files.readString(tmp.resolve("r.csv")));
    try (Stream<Path> files = Files.list(tmp)) {
      assertEquals(1, files.count(), "temporary file removed");
    }
  }

  @Test
  void aBodyThatClosesTheStreamIsFine() throws IOException {
    Output out = new Output(tmp, new PrintWriter(new StringWriter()), true);
    Path p = out.write("c.txt", os -> {
      os.write('z');
      os.close();
    });
    assertEquals("z", Files.readString(p));
  }

}
