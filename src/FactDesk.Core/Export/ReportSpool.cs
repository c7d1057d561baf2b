using FactDesk.Core.Verdicts;

namespace FactDesk.Core.Export;

/// <summary>
/// A report opens with the verdict distribution, which is only known once every claim has been read. The claim sections
/// are therefore written to this spool first: in memory while small, moved to a temporary file (deleted on close) once it
/// passes <see cref="MemoryLimit"/>, so a report of any size keeps memory flat.
/// </summary>
internal sealed class ReportSpool : Stream
{
    public const int MemoryLimit = 1024 * 1024;

    private Stream _inner = new MemoryStream();
    private bool _onDisk;

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => _inner.Length;
    public override long Position { get => _inner.Position; set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        SpillIfNeeded(buffer.Length);
        _inner.Write(buffer);
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        SpillIfNeeded(buffer.Length);
        await _inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    private void SpillIfNeeded(int incoming)
    {
        if (_onDisk || _inner.Length + incoming <= MemoryLimit) return;
        var file = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 64 * 1024,
            FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        _inner.Position = 0;
        _inner.CopyTo(file);
        _inner.Dispose();
        _inner = file;
        _onDisk = true;
    }

    /// <summary>Copies everything written so far to <paramref name="destination"/>.</summary>
    public async Task CopyOutAsync(Stream destination, CancellationToken cancellationToken)
    {
        await _inner.FlushAsync(cancellationToken).ConfigureAwait(false);
        _inner.Position = 0;
        await _inner.CopyToAsync(destination, 64 * 1024, cancellationToken).ConfigureAwait(false);
    }

    public override void Flush() => _inner.Flush();
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) _inner.Dispose();
        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await _inner.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }
}

/// <summary>What a report's summary counts while the claims stream past.</summary>
internal sealed class ReportTally(VerdictScale scale)
{
    private readonly Dictionary<string, int> _byVerdict = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<int> _articles = [];

    public int Claims { get; private set; }
    public int WithoutVerdict { get; private set; }
    public int Articles => _articles.Count;

    public void Add(ExportClaim claim)
    {
        Claims++;
        _articles.Add(claim.Article.Id);
        if (string.IsNullOrWhiteSpace(claim.Verdict)) { WithoutVerdict++; return; }
        var key = scale.Find(claim.Verdict)?.Key ?? claim.Verdict.Trim();
        _byVerdict[key] = _byVerdict.GetValueOrDefault(key) + 1;
    }

    /// <summary>Verdicts in scale order with their counts (only those that occur), then unknown keys, then "no verdict yet".</summary>
    public IReadOnlyList<(string Label, int Count, VerdictDefinition? Verdict)> Rows(string noVerdict = "No verdict yet")
    {
        var rows = new List<(string, int, VerdictDefinition?)>();
        foreach (var v in scale.Verdicts)
            if (_byVerdict.TryGetValue(v.Key, out var n)) rows.Add((v.Label, n, v));
        foreach (var (key, n) in _byVerdict.OrderBy(p => p.Key, StringComparer.Ordinal))
            if (scale.Find(key) is null) rows.Add((key, n, null));
        if (WithoutVerdict > 0) rows.Add((noVerdict, WithoutVerdict, null));
        return rows;
    }
}
