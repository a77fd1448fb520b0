package lrnn.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The wide-n example of docs/library.md runs, trains, and is the one on the page. */
class WideExampleTest {

  @Test
  void trainsInPlaceInFloat32() {
    double[] r = WideExample.run(2048);
    assertTrue(r[1] < 0.2 * r[0], "50 steps reduce the loss: " + r[0] + " -> " + r[1]);
    assertEquals(Math.sqrt(0.5), r[2], 0.03, "Gelfand radius");
    assertEquals(2048, r[3]);
  }

  @Test
  void docsPageShowsThisExampleVerbatim() throws IOException {
    Path root = Path.of("").toAbsolutePath().getParent();
    String page = Files.readString(root.resolve("docs/library.md"));
    String source = Files.readString(Path.of("src/test/java/lrnn/example/WideExample.java"));
    String body = source.substring(source.indexOf("public final class WideExample"));
    assertTrue(page.contains(body.strip()), "docs/library.md must contain WideExample.java from the class on");
  }
}
