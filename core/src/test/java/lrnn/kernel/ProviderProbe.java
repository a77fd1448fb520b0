package lrnn.kernel;

/** Run in a child JVM by KernelProviderTest: prints what KernelProvider picks there. */
public final class ProviderProbe {
  private ProviderProbe() {}

  public static void main(String[] args) {
    System.out.println("present=" + KernelProvider.vectorModulePresent());
    try {
      System.out.println("get=" + KernelProvider.get().name());
      System.out.println("why=" + KernelProvider.reason());
    } catch (IllegalArgumentException e) {
      System.out.println("get failed: " + e.getMessage());
      return;
    }
    try {
      System.out.println("vector=" + KernelProvider.lookup("vector", 0).name());
    } catch (IllegalStateException e) {
      System.out.println("vector failed: " + e.getMessage());
    }
  }
}
