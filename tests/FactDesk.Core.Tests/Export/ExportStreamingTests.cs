using System.Runtime.CompilerServices;
using FactDesk.Core.Export;

namespace FactDesk.Core.Tests.Export;

public class ExportStreamingTests
{
    /// <summary>Counts bytes and writes; keeps nothing.</summary>
    private sealed class CountingStream : Stream
    {
        public long Bytes { get; private set; }
        public int Writes { get; private set; }
        public long BytesWhenHalfwayThroughClaims { get; set; } = -1;
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => Bytes;
        public override long Position { get => Bytes; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) { Bytes += count; Writes++; }
        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Bytes += buffer.Length;
            Writes++;
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>Makes each claim only when asked, and records how far the output had got halfway through.</summary>
    private static async IAsyncEnumerable<ExportClaim> Generate(int count, CountingStream output, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var template = ExportFixture.Claims();
        var body = string.Concat(Enumerable.Repeat(ExportFixture.Body1 + " ", 50));
        var article = ExportFixture.Article1 with { Body = body };
        for (int i = 0; i < count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (i == count / 2) output.BytesWhenHalfwayThroughClaims = output.Bytes;
            var t = template[i % 4];
            int start = t.Start + (i % 50) * (ExportFixture.Body1.Length + 1);
            await Task.Yield();
            yield return t with { Article = article, Id = i + 1, Start = start, End = start + (t.End - t.Start) };
        }
    }

    [Theory]
    [InlineData(ExportFormat.W3C)]
    [InlineData(ExportFormat.ClaimReview)]
    [InlineData(ExportFormat.Csv)]
    public async Task WriteAsync_TenThousandLazyClaims_WritesAsItReads(ExportFormat format)
    {
        var output = new CountingStream();
        await Exporters.WriteAsync(format, output, Generate(10_000, output), ExportFixture.Lazy<ExportCorrection>([]),
            ExportFixture.Context(), CancellationToken.None);
        Assert.True(output.Bytes > 1_000_000);
        // half the output was already on its way before the second half of the claims existed: nothing buffers the whole
        Assert.InRange(output.BytesWhenHalfwayThroughClaims, output.Bytes / 3, output.Bytes * 2 / 3);
        Assert.True(output.Writes > 20);
    }

    [Theory]
    [InlineData(ExportFormat.Markdown)]
    [InlineData(ExportFormat.Html)]
    public async Task WriteAsync_TenThousandLazyClaims_ReportCompletes(ExportFormat format)
    {
        // reports open with a summary, so their claim sections are spooled (to a temporary file past 1 MB), not held in memory
        var output = new CountingStream();
        await Exporters.WriteAsync(format, output, Generate(10_000, output), ExportFixture.Lazy(ExportFixture.Corrections()),
            ExportFixture.Context(), CancellationToken.None);
        Assert.True(output.Bytes > ReportSpool.MemoryLimit);
    }

    [Fact]
    public async Task WriteAsync_Cancelled_Stops()
    {
        var output = new CountingStream();
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            Exporters.WriteAsync(ExportFormat.W3C, output, Generate(100, output), ExportFixture.Lazy<ExportCorrection>([]), ExportFixture.Context(), cts.Token));
    }
}
