package lrnn.cli;

import java.io.PrintWriter;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import lrnn.kernel.KernelProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code lrnn info}: the machine, the JDK and the kernels this build will use. */
@Command(name = "info", description = "Print the machine, JDK and SIMD kernel set-up.")
final class InfoCommand implements Callable<Integer> {

  @Mixin
  CommonOptions common;

  @Override
  public Integer call() {
    PrintWriter out = common.stdout();
    OptionalInt bits = SystemInfo.preferredVectorBits();
    row(out, "lrnn", SystemInfo.version());
    row(out, "cpu", SystemInfo.cpuModel());
    row(out, "cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
    row(out, "max heap", SystemInfo.bytes(Runtime.getRuntime().maxMemory()));
    row(out, "jdk", SystemInfo.jdk());
    row(out, "kernels", SystemInfo.kernelName() + " (" + KernelProvider.reason() + ")");
    row(out, "vector api", SystemInfo.vectorModulePresent()
        ? "jdk.incubator.vector present, preferred species " + (bits.isPresent() ? bits.getAsInt() + " bits" : "unknown")
        : "jdk.incubator.vector absent (run java with --add-modules jdk.incubator.vector)");
    row(out, "-D" + KernelProvider.KERNELS_PROPERTY, SystemInfo.property(KernelProvider.KERNELS_PROPERTY));
    row(out, "-D" + KernelProvider.BITS_PROPERTY, SystemInfo.property(KernelProvider.BITS_PROPERTY));
    row(out, "threads", Integer.toString(common.threads()));
    out.flush();
    return 0;
  }

  private static void row(PrintWriter out, String key, String value) {
    out.printf("%-18s %s%n", key, value);
  }
}
