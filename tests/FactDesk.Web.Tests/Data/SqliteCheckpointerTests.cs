using System.Buffers.Binary;
using FactDesk.Web.Data;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace FactDesk.Web.Tests.Database;

/// <summary>
/// WAL checkpoints run in the background (<see cref="SqliteCheckpointer"/>) instead of inside whichever commit takes
/// the log past SQLite's default 1,000 pages. Whether the log was checkpointed shows in the log file itself: each
/// time a writer starts the log over after a complete checkpoint, the header's checkpoint sequence number goes up.
/// </summary>
public sealed class SqliteCheckpointerTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("factdesk-checkpoint-").FullName;

    private string DatabasePath => Path.Combine(_dir, "c.db");

    private string ConnectionString => $"Data Source={DatabasePath}";

    [Fact]
    public async Task Commits_DoNotCheckpoint_TheBackgroundLoopDoes_AndTheLogStartsOver()
    {
        await using var writer = await OpenWriterAsync();
        await WriteAsync(writer, 50);
        var first = LogSequence();
        // Fifty more commits stay far below the log size at which a commit checkpoints by itself.
        await WriteAsync(writer, 50);
        Assert.Equal(first, LogSequence());

        var checkpointer = new SqliteCheckpointer(ConnectionString, NullLogger<SqliteCheckpointer>.Instance);
        await checkpointer.StartAsync(CancellationToken.None);
        try
        {
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (LogSequence() == first && DateTime.UtcNow < deadline)
            {
                await Task.Delay(SqliteCheckpointer.Interval);
                await WriteAsync(writer, 1);
            }
            Assert.True(LogSequence() > first, "The background checkpoint never let the log start over.");
        }
        finally
        {
            await checkpointer.StopAsync(CancellationToken.None);
        }

        // Everything written is still there.
        await using var count = writer.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM t;";
        Assert.True((long)(await count.ExecuteScalarAsync())! >= 101);
    }

    [Fact]
    public async Task BeforeTheFirstStart_TheLoopDoesNotCreateTheDatabaseFile()
    {
        var checkpointer = new SqliteCheckpointer(ConnectionString, NullLogger<SqliteCheckpointer>.Instance);
        await checkpointer.StartAsync(CancellationToken.None);
        await Task.Delay(SqliteCheckpointer.Interval * 3);
        await checkpointer.StopAsync(CancellationToken.None);
        Assert.False(File.Exists(DatabasePath));
    }

    [Theory]
    [InlineData("Data Source=:memory:", false)]
    [InlineData("Data Source=shared;Mode=Memory;Cache=Shared", false)]
    [InlineData("Data Source=App_Data/factdesk.db", true)]
    public void Applies_OnlyToDatabaseFiles(string connectionString, bool applies) =>
        Assert.Equal(applies, SqliteCheckpointer.Applies(connectionString));

    private async Task<SqliteConnection> OpenWriterAsync()
    {
        var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL; PRAGMA wal_autocheckpoint=1000; CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT);";
        await command.ExecuteNonQueryAsync();
        return connection;
    }

    private static async Task WriteAsync(SqliteConnection connection, int commits)
    {
        for (var i = 0; i < commits; i++)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "INSERT INTO t (body) VALUES ($body);";
            command.Parameters.AddWithValue("$body", new string('x', 2000));
            await command.ExecuteNonQueryAsync();
        }
    }

    // The WAL header's checkpoint sequence number (bytes 12–15, big-endian).
    private uint LogSequence()
    {
        using var log = new FileStream(DatabasePath + "-wal", FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        Span<byte> header = stackalloc byte[32];
        log.ReadExactly(header);
        return BinaryPrimitives.ReadUInt32BigEndian(header[12..16]);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
