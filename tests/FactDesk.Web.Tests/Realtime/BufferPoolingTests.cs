using FactDesk.Web.Operations;

namespace FactDesk.Web.Tests.Realtime;

/// <summary>The shared array pool's size is set at start unless the deployment set its own.</summary>
[Collection(nameof(BufferPoolingTests))] // changes a process-wide environment variable
public sealed class BufferPoolingTests : IDisposable
{
    private readonly string? _before = Environment.GetEnvironmentVariable(BufferPooling.Variable);

    [Fact]
    public void Unset_GetsRoomForAFanOutToHundredsOfConnections()
    {
        Environment.SetEnvironmentVariable(BufferPooling.Variable, null);
        BufferPooling.Configure();
        Assert.Equal("1024", Environment.GetEnvironmentVariable(BufferPooling.Variable));
    }

    [Fact]
    public void SetByTheDeployment_IsKept()
    {
        Environment.SetEnvironmentVariable(BufferPooling.Variable, "4096");
        BufferPooling.Configure();
        Assert.Equal("4096", Environment.GetEnvironmentVariable(BufferPooling.Variable));
    }

    public void Dispose() => Environment.SetEnvironmentVariable(BufferPooling.Variable, _before);
}
