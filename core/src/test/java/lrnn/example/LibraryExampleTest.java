package lrnn.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The library page's example compiles (it is this module's test source), runs, and is the one on the page. */
class LibraryExampleTest {

  @Test
  void exampleRunsAndTheWideRnnTracksItsInfiniteWidthPrediction() {
    double[] r = LibraryExample.run();
    assertTrue(r[0] > 0 && r[0] < 0.3, "lag kernel relative error at n = 512: " + r[0]);
    assertEquals(r[2], r[1], 0.2 * r[2], "RNN " + r[1] + " vs infinite-width " + r[2]);
  }

  @Test
  void docsPageShowsThisExampleVerbatim() throws IOException {
    Path root = Path.of("").toAbsolutePath().getParent(); // tests run in core/
    String page = Files.readString(root.resolve("docs/library.md"));
    String source = Files.readString(Path.of("src/test/java/lrnn/example/LibraryExample.java"));
    String body = source.substring(source.indexOf("public final class LibraryExample"));
    assertTrue(page.contains(body.strip()), "docs/library.md must contain LibraryExample.java from the class on");
  }
}
