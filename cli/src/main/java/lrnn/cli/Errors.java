package lrnn.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/** Turns every exception into one line on stderr and an exit code (see {@link Main}). */
final class Errors implements IExecutionExceptionHandler, IParameterExceptionHandler {

  static final int FAILURE = 1;
  static final int USAGE = 2;
  /** Interrupted by Ctrl-C or kill (128 + SIGINT, as shells report it). */
  static final int INTERRUPTED = 130;

  @Override
  public int handleParseException(ParameterException ex, String[] args) {
    CommandLine cl = ex.getCommandLine();
    String name = cl.getCommandSpec().qualifiedName();
    StringBuilder line = new StringBuilder(name).append(": error: ").append(oneLine(ex.getMessage()));
    if (ex instanceof UnmatchedArgumentException u) {
      List<String> suggestions = u.getSuggestions();
      if (!suggestions.isEmpty()) line.append(" (did you mean ").append(String.join(" or ", suggestions)).append("?)");
    }
    line.append("; try '").append(name).append(" --help'");
    PrintWriter err = cl.getErr();
    err.println(line);
    if (CommonOptions.of(cl).map(CommonOptions::debug).orElse(false)) ex.printStackTrace(err);
    err.flush();
    return USAGE;
  }

  @Override
  public int handleExecutionException(Exception ex, CommandLine cl, ParseResult parseResult) {
    Throwable t = unwrap(ex);
    PrintWriter err = cl.getErr();
    if (t instanceof java.util.concurrent.CancellationException || t instanceof java.nio.channels.ClosedByInterruptException) {
      err.println(cl.getCommandSpec().qualifiedName() + ": " + (t instanceof CheckpointOptions.Interrupted
          ? oneLine(t.getMessage()) : "interrupted; nothing was kept"));
      err.flush();
      return INTERRUPTED;
    }
    err.println(cl.getCommandSpec().qualifiedName() + ": error: " + message(t));
    if (CommonOptions.of(cl).map(CommonOptions::debug).orElse(false)) ex.printStackTrace(err);
    err.flush();
    return t instanceof UsageException ? USAGE : FAILURE;
  }

  /** Reports an Error (out of memory, stack overflow, assertion) thrown by a command. */
  int handleError(Error e, CommandLine cl) {
    PrintWriter err = cl.getErr();
    err.println(cl.getCommandSpec().qualifiedName() + ": error: " + message(e));
    if (CommonOptions.of(cl).map(CommonOptions::debug).orElse(false)) e.printStackTrace(err);
    err.flush();
    return FAILURE;
  }

  /** Wrappers that only carry a cause (from executors and streams) are looked through. */
  static Throwable unwrap(Throwable t) {
    while ((t instanceof ExecutionException || t instanceof CompletionException || t instanceof UncheckedIOException
        || t instanceof CommandLine.ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  /** A one-line description: the message, or for bare file-system exceptions what went wrong with which file. */
  static String message(Throwable t) {
    t = unwrap(t);
    if (t instanceof FileSystemException fse && (fse.getReason() == null || fse.getMessage().equals(fse.getFile()))) {
      String what = switch (fse) {
        case NoSuchFileException e -> "no such file or directory";
        case AccessDeniedException e -> "permission denied";
        case FileAlreadyExistsException e -> "already exists";
        case NotDirectoryException e -> "not a directory";
        case DirectoryNotEmptyException e -> "directory not empty";
        default -> fse.getClass().getSimpleName();
      };
      return fse.getFile() + ": " + what;
    }
    if (t instanceof lrnn.train.DivergenceException d) {
      // every command that trains: the core message plus the option to change
      return oneLine(d.getMessage()) + " (rerun with --eta " + d.suggestedEta() + ", or --eta auto for the rate the data's curvature allows)";
    }
    String m = t.getMessage();
    if (m == null || m.isBlank()) {
      Throwable cause = t.getCause();
      String cm = cause == null ? null : cause.getMessage();
      return t.getClass().getSimpleName() + (cm == null || cm.isBlank() ? "" : ": " + oneLine(cm));
    }
    return expected(t) ? oneLine(m) : t.getClass().getSimpleName() + ": " + oneLine(m);
  }

  /** Exceptions whose message speaks for itself; others (bugs, Errors) are prefixed with their class name. */
  private static boolean expected(Throwable t) {
    return t instanceof IllegalArgumentException || t instanceof IllegalStateException
        || t instanceof java.io.IOException || t instanceof ArithmeticException
        || t.getClass().getName().startsWith("lrnn.");
  }

  static String oneLine(String s) {
    return s == null ? "" : s.strip().replaceAll("\\s*\\R\\s*", "; ");
  }
}
