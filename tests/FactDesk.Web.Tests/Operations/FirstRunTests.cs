using System.Collections.Concurrent;
using System.Net;
using FactDesk.Web.Data;
using FactDesk.Web.Operations;
using FactDesk.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FactDesk.Web.Tests.Operations;

/// <summary>
/// A first start on an empty database, on real Kestrel: the console says it creates the database and how many
/// migrations it applies, then the address to open and how to create the first account; once an account exists, a
/// start no longer asks for one.
/// </summary>
public sealed class FirstRunTests
{
    [Fact]
    public async Task Start_OnAnEmptyDatabase_SaysWhatItMigratesThenTheUrlAndTheFirstAccount()
    {
        await using var app = new ListeningFactory();
        var url = app.Url;

        await app.WaitForLineAsync("No account yet");
        var lines = app.Lines.ToList();
        Assert.Contains(lines, l => l.StartsWith("Creating the database", StringComparison.Ordinal) && l.Contains("migrations", StringComparison.Ordinal));
        Assert.Contains($"FactDesk is running: open {url} in a browser.", lines);
        Assert.Contains(lines, l => l.StartsWith($"No account yet: open {url}/account/register and create the first account", StringComparison.Ordinal));
        // The database step is announced before it runs, and the address once the server listens.
        Assert.True(lines.FindIndex(l => l.StartsWith("Creating the database", StringComparison.Ordinal)) < lines.FindIndex(l => l.StartsWith("FactDesk is running", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Start_WithAnAccount_SaysTheDatabaseIsCurrentAndAsksForNoAccount()
    {
        // One SQLite file that this test owns, for two starts one after the other.
        var file = Path.Combine(Path.GetTempPath(), $"factdesk-firstrun-{Guid.NewGuid():N}.db");
        try
        {
            await using (var first = new ListeningFactory(file))
            {
                await first.WaitForLineAsync("No account yet");
                await first.CreateAccountAsync(Roles.Editor);
            }

            await using var again = new ListeningFactory(file);
            await again.WaitForLineAsync("FactDesk is running");
            Assert.Contains(again.Lines, l => l.EndsWith("is up to date.", StringComparison.Ordinal));
            Assert.DoesNotContain(again.Lines, l => l.StartsWith("No account yet", StringComparison.Ordinal));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(file + suffix);
        }
    }

    [Theory]
    [InlineData("http://0.0.0.0:8080", "http://localhost:8080")]
    [InlineData("http://[::]:80", "http://localhost:80")]
    [InlineData("http://+:5000", "http://localhost:5000")]
    [InlineData("http://127.0.0.1:5175", "http://127.0.0.1:5175")]
    public void Openable_WildcardHost_BecomesLocalhost(string address, string expected) => Assert.Equal(expected, FirstRun.Openable(address));

    /// <summary>The app on Kestrel on a free loopback port, keeping the start-up lines it logs.</summary>
    private sealed class ListeningFactory : FactDeskFactory, ILoggerProvider
    {
        private readonly ConcurrentQueue<string> _lines = new();
        private readonly SemaphoreSlim _logged = new(0);

        public ListeningFactory(string? sqliteFile = null)
            : base(sqliteFile is null ? null : new Dictionary<string, string?> { ["FactDesk:Database:Provider"] = "Sqlite", ["ConnectionStrings:FactDesk"] = $"Data Source={sqliteFile}" })
        {
            UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
            StartServer();
            Url = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        }

        public string Url { get; }

        public IReadOnlyCollection<string> Lines => _lines;

        public async Task WaitForLineAsync(string start)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            while (!_lines.Any(l => l.StartsWith(start, StringComparison.Ordinal))) await _logged.WaitAsync(timeout.Token);
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureLogging(l => l.AddProvider(this));
        }

        ILogger ILoggerProvider.CreateLogger(string categoryName) => categoryName == FirstRun.Category ? new LineLogger(this) : Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

        void IDisposable.Dispose() { }

        private sealed class LineLogger(ListeningFactory owner) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
            public bool IsEnabled(LogLevel logLevel) => true;
            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                owner._lines.Enqueue(formatter(state, exception));
                owner._logged.Release();
            }
        }
    }
}
