using System.Globalization;

namespace FactDesk.Web.Operations;

/// <summary>
/// Sizes the runtime's shared byte-array pool for fan-out. Every SignalR send rents one 4 KB pipe segment per
/// receiving connection and gives it back once the socket has taken it, so one Event to an article's 200 reviewers
/// holds 200 segments at once. By default the shared pool keeps 32 arrays of a size per core (64 here), and the rest
/// were allocated anew for every Event and dropped after it: 570 KB per change at N = 200 (measured with
/// <c>dotnet-trace</c>; 90 KB at N = 50), a gen0 collection every few seconds at N = 50 and several a second at N = 200,
/// each pause a latency outlier for everyone on the article. 1,024 per core covers the reviewers of a busy instance;
/// the pool gives unused arrays back to the system on its own when memory is short.
/// <para>
/// The runtime reads the limit once, from the environment only, when a shared pool is first used: so this runs
/// first thing at start, and a value set outside (a deployment's own choice) is kept.
/// </para>
/// </summary>
public static class BufferPooling
{
    public const string Variable = "DOTNET_SYSTEM_BUFFERS_SHAREDARRAYPOOL_MAXARRAYSPERPARTITION";

    public const int ArraysPerCore = 1024;

    public static void Configure()
    {
        if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(Variable)))
            Environment.SetEnvironmentVariable(Variable, ArraysPerCore.ToString(CultureInfo.InvariantCulture));
    }
}
