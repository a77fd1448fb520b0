package lrnn.sweep;

import java.io.Serial;
import java.io.Serializable;
import java.util.List;

/**
 * One Spark task: run {@code lrnn EXPERIMENT ARGS} for one grid cell with {@code threads} kernel threads.
 *
 * @param cell          the cell (index and grid values)
 * @param experiment    the command name, e.g. {@code dynamics}
 * @param args          the experiment's fixed options followed by the cell's {@code --name value} pairs
 * @param threads       kernel threads of the task ({@code --task-cores}, = spark.task.cpus)
 * @param tasksPerExecutor how many tasks share an executor's heap (0: the executor's processors / threads)
 */
record CellJob(Grid.Cell cell, String experiment, List<String> args, int threads, int tasksPerExecutor)
    implements Serializable {

  @Serial
  private static final long serialVersionUID = 1L;

  CellJob {
    args = List.copyOf(args);
  }
}
