package lrnn.sweep;

import java.io.Serial;
import java.io.Serializable;
import java.util.Map;

/**
 * What a task sends back to the driver.
 *
 * @param index    the cell's index in grid order
 * @param error    the command's one-line error, or null when it succeeded
 * @param files    the CSV files the command wrote and the JSON beside them (settings, rate used), by name, with
 *                 their exact text
 * @param heapNeed the run's peak heap by {@link lrnn.experiment.MemoryPlan} (-1: it stopped before its memory check)
 * @param seconds  wall time of the run on the executor
 * @param host     the executor's host and id, for the log
 */
record CellResult(int index, String error, Map<String, String> files, long heapNeed, double seconds, String host)
    implements Serializable {

  @Serial
  private static final long serialVersionUID = 1L;

  boolean ok() {
    return error == null;
  }
}
