package lrnn.experiment;

import lrnn.io.Datasets;
import lrnn.io.MalformedFileException;
import lrnn.io.Table;

/** Test access to the SPEC §6 fMRI recording bundled with lrnn.io: input = one-hot events (6 channels), output = bold. */
final class FmriData {

  private FmriData() {}

  static TimeSeries load() {
    Table t = Datasets.fmri();
    try {
      return TimeSeries.builder().oneHot("events", t.column("events")).output("bold", t.column("bold")).build();
    } catch (MalformedFileException e) {
      throw new IllegalStateException(e);
    }
  }
}
