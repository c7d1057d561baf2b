using Microsoft.Extensions.DependencyInjection;

namespace FactDesk.Web.Tests.Architecture.Sample.High;

/// <summary>Uses Low only inside method bodies (a service located by type in a lambda, a static call), never in a signature.</summary>
internal static class Locating
{
    public static Func<IServiceProvider, object> Factory() => sp => sp.GetRequiredService<Low.Located>();

    public static int Count(int x) => Low.Called.Twice(x);
}
