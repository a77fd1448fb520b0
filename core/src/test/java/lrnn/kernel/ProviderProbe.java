package lrnn.kernel;

/** Run in a child JVM by KernelProviderTest: prints what KernelProvider picks there. */
public final class ProviderProbe {
  private ProviderProbe() {}

  public static void main(String[] args) {
    System.out.println("present=" + KernelProvider.vectorModulePresent());
    System.out.println("get=" + KernelProvider.get().name());
    try {
      System.out.println("vector=" + KernelProvider.lookup("vector", 0).name());
    } catch (IllegalStateException e) {
      System.out.println("vector failed: " + e.getMessage());
    }
  }
}
