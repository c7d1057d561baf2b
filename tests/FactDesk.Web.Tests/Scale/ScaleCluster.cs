using System.Net;
using System.Net.Http.Headers;
using FactDesk.Web.Data;
using FactDesk.Web.Realtime;
using FactDesk.Web.Tests.Infrastructure;
using FactDesk.Web.Tests.Realtime;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using FactDesk.Web.Api;

namespace FactDesk.Web.Tests.Scale;

/// <summary>
/// Two FactDesk instances on real Kestrel on loopback, sharing one database and one Redis (a redis-server of this
/// fixture's own, so a test may restart it), with an Editor and four Reviewers holding API tokens. One cluster per
/// test class: the fault tests stop an instance or Redis. Skips without redis-server or PostgreSQL (fails with CI=true).
/// </summary>
public class ScaleCluster : IAsyncLifetime
{
    /// <summary>The shared database: PostgreSQL (as deployed), or a shared SQLite file.</summary>
    private readonly bool OnPostgres;

    public ScaleCluster() : this(onPostgres: true)
    {
    }

    protected ScaleCluster(bool onPostgres) => OnPostgres = onPostgres;

    private string? _database;
    private readonly List<HttpClient> _clients = [];

    public string? SkipReason { get; private set; }
    public RedisServer Redis { get; private set; } = null!;
    public ScaleInstance A { get; private set; } = null!;
    public ScaleInstance B { get; private set; } = null!;
    public Member Editor { get; private set; } = null!;
    public Member Ana { get; private set; } = null!;
    public Member Ben { get; private set; } = null!;
    public Member Cai { get; private set; } = null!;
    public Member Dee { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        SkipReason = RedisServer.Unavailable();
        if (SkipReason is null && OnPostgres)
        {
            try
            {
                PostgresServer.SkipIfUnavailable();
            }
            catch (SkipException ex)
            {
                SkipReason = ex.Message;
            }
        }
        if (SkipReason is not null) return;

        Redis = await RedisServer.StartNewAsync();
        _database = OnPostgres
            ? await (await PostgresServer.GetAsync()).CreateDatabaseAsync()
            : $"Data Source={Path.Combine(Path.GetTempPath(), $"factdesk-scale-{Guid.NewGuid():N}.db")}";
        // One after the other: the first applies the migrations.
        A = StartInstance("a");
        B = StartInstance("b");

        Editor = await CreateMemberAsync(Roles.Editor, "Erin Editor");
        Ana = await CreateMemberAsync(Roles.Reviewer, "Ana Reviewer");
        Ben = await CreateMemberAsync(Roles.Reviewer, "Ben Reviewer");
        Cai = await CreateMemberAsync(Roles.Reviewer, "Cai Reviewer");
        Dee = await CreateMemberAsync(Roles.Reviewer, "Dee Reviewer");
        await WaitForBackplaneAsync(A);
        await WaitForBackplaneAsync(B);
    }

    /// <summary>
    /// The SignalR backplane connects to Redis as the instance starts (<see cref="BackplaneStartTests"/>); a hub
    /// connection that comes before that connect has finished is closed (clients reconnect). Tests start once a hub
    /// connection holds on each instance, so they measure sync, not the start-up.
    /// </summary>
    private async Task WaitForBackplaneAsync(ScaleInstance instance)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            await using var probe = HubClient.Build(instance.HubUrl, Editor.Token.Token);
            try
            {
                await probe.StartAsync();
                await probe.InvokeAsync("LeaveArticle", 0);
                return;
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(500);
            }
        }
    }

    public void SkipIfUnavailable() => Skip.If(SkipReason is not null, SkipReason);

    private ScaleInstance StartInstance(string name)
    {
        var instance = new ScaleInstance(name, new Dictionary<string, string?>
        {
            ["FactDesk:Database:Provider"] = OnPostgres ? "Postgres" : "Sqlite",
            ["ConnectionStrings:FactDesk"] = _database,
            ["ConnectionStrings:Redis"] = Redis.ConnectionString,
        });
        instance.Start();
        return instance;
    }

    private async Task<Member> CreateMemberAsync(string role, string name)
    {
        var user = await A.CreateAccountAsync(role, name);
        using var client = A.CreateHttpClient(null);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/tokens");
        request.Headers.Authorization = TestAccounts.Basic(user.Email, user.Password);
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var json = await response.ReadJsonAsync();
        var token = new IssuedToken(json.GetProperty("id").GetInt32(), json.GetProperty("token").GetString()!);
        var http = B.CreateHttpClient(token.Token);
        _clients.Add(http);
        return new Member(user, token, http);
    }

    public async Task DisposeAsync()
    {
        foreach (var client in _clients) client.Dispose();
        if (B is not null) await B.DisposeAsync();
        if (A is not null) await A.DisposeAsync();
        if (Redis is not null) await Redis.DisposeAsync();
        if (_database is not null && OnPostgres) await (await PostgresServer.GetAsync()).DropDatabaseAsync(_database);
    }
}

/// <summary>The same cluster on one SQLite file shared by both instances (for what does not run on PostgreSQL yet).</summary>
public sealed class SqliteScaleCluster() : ScaleCluster(onPostgres: false);

/// <summary>One FactDesk instance of a cluster, on a loopback port of its own.</summary>
public sealed class ScaleInstance(string name, IReadOnlyDictionary<string, string?> settings) : FactDeskFactory(settings)
{
    private int _disposed;

    public string Name { get; } = name;
    public Uri BaseAddress { get; private set; } = null!;
    public Uri HubUrl => new(BaseAddress, ReviewHub.Path);
    public bool Stopped => Volatile.Read(ref _disposed) == 1;

    public IReviewEventBus Bus => Services.GetRequiredService<IReviewEventBus>();

    protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        if (Environment.GetEnvironmentVariable("FACTDESK_SCALE_LOGS") is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
            var path = Path.Combine(folder, $"{DateTime.UtcNow:HHmmss}-{Name}-{Guid.NewGuid():N}"[..24] + ".log");
            builder.ConfigureLogging(logging => logging.AddProvider(new FileLoggerProvider(path)));
        }
    }

    public void Start()
    {
        UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        BaseAddress = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
    }

    public HttpClient CreateHttpClient(string? token)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (token is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public override async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        await base.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class ScaleCollection
{
    /// <summary>The scale tests run one class at a time (each starts two instances and a Redis of its own).</summary>
    public const string Name = "Scale";
}
