package lrnn.sweep;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;

/**
 * sweep.parquet: the rows of sweep.csv as one Parquet file, written by the driver (so it lands next to sweep.csv
 * on a cluster too). A column is int64 when every value is an integer, double when every value is a number
 * (parsed from the CSV's text: the same double the single command printed), else a UTF-8 string; empty cells (a
 * failed cell's summary, an ok cell's error) are nulls.
 */
final class ParquetOut {

  enum Kind { LONG, DOUBLE, STRING }

  private ParquetOut() {}

  static List<Kind> kinds(List<String> header, List<List<String>> rows) {
    List<Kind> kinds = new ArrayList<>();
    for (int c = 0; c < header.size(); c++) {
      boolean isLong = true;
      boolean isDouble = true;
      for (List<String> r : rows) {
        String v = r.get(c);
        if (v.isEmpty()) continue;
        if (isLong && !v.matches("-?\\d{1,18}")) isLong = false;
        if (isDouble && !isNumber(v)) isDouble = false;
      }
      kinds.add(isLong ? Kind.LONG : isDouble ? Kind.DOUBLE : Kind.STRING);
    }
    return kinds;
  }

  private static boolean isNumber(String v) {
    try {
      Double.parseDouble(v);
      return !v.endsWith("d") && !v.endsWith("D") && !v.endsWith("f") && !v.endsWith("F");
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /** Writes {@code target} atomically (a temporary file in the same folder, then a rename). */
  static void write(Path target, List<String> header, List<List<String>> rows) throws IOException {
    List<Kind> kinds = kinds(header, rows);
    Types.MessageTypeBuilder b = Types.buildMessage();
    for (int c = 0; c < header.size(); c++) {
      switch (kinds.get(c)) {
        case LONG -> b.optional(PrimitiveTypeName.INT64).named(header.get(c));
        case DOUBLE -> b.optional(PrimitiveTypeName.DOUBLE).named(header.get(c));
        case STRING -> b.optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(header.get(c));
      }
    }
    MessageType schema = b.named("sweep");
    Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    try {
      try (ParquetWriter<Group> w = ExampleParquetWriter.builder(new LocalOutputFile(tmp))
          .withType(schema)
          .withConf(new Configuration(false))
          .withCompressionCodec(CompressionCodecName.UNCOMPRESSED)
          .build()) {
        SimpleGroupFactory f = new SimpleGroupFactory(schema);
        for (List<String> r : rows) {
          Group g = f.newGroup();
          for (int c = 0; c < header.size(); c++) {
            String v = r.get(c);
            if (v.isEmpty()) continue;
            switch (kinds.get(c)) {
              case LONG -> g.append(header.get(c), Long.parseLong(v));
              case DOUBLE -> g.append(header.get(c), Double.parseDouble(v));
              case STRING -> g.append(header.get(c), v);
            }
          }
          w.write(g);
        }
      }
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
