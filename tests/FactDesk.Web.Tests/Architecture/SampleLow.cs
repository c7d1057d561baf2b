namespace FactDesk.Web.Tests.Architecture.Sample.Low;

// A folder for LayeringTests' reader to find: High uses it, it uses nothing.
internal sealed class Located;

internal static class Called
{
    public static int Twice(int x) => 2 * x;
}
