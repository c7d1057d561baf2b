using System.Text.Json;
using System.Threading.Channels;
using FactDesk.Web.Tests.Realtime;
using Microsoft.AspNetCore.SignalR.Client;

namespace FactDesk.Web.Tests.Scale;

/// <summary>
/// A hub client following one article exactly as README's real-time contract says: it keeps the last Event number it
/// saw, drops numbers it has, and on a jump calls <c>JoinArticle(articleId, lastSeen)</c> for what it missed before
/// applying the rest; after a lost connection it connects again (to any instance) and joins with its last number.
/// Records what it applied (each number once, in order) and what arrived as pushed Events messages.
/// </summary>
public sealed class ArticleFollower : IAsyncDisposable
{
    private readonly object _gate = new();
    private readonly List<JsonElement> _applied = [];
    private readonly List<JsonElement> _pushed = [];
    private readonly List<JsonElement> _presence = [];
    private readonly string _token;
    private Channel<Func<Task>> _work = Channel.CreateUnbounded<Func<Task>>(new() { SingleReader = true });
    private Task _pump = Task.CompletedTask;
    private TaskCompletionSource _changed = NewSignal();
    private int _last;

    public ArticleFollower(Member member, int articleId)
    {
        Member = member;
        ArticleId = articleId;
        _token = member.Token.Token;
    }

    public Member Member { get; }
    public string Name => Member.Name;
    public int ArticleId { get; }
    public HubConnection? Connection { get; private set; }
    public Uri? HubUrl { get; private set; }
    public TaskCompletionSource<Exception?> Closed { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public int GapFills { get; private set; }

    public int LastSeen
    {
        get { lock (_gate) return _last; }
    }

    /// <summary>Every Event applied, each number once, in order.</summary>
    public IReadOnlyList<JsonElement> Applied
    {
        get { lock (_gate) return [.. _applied]; }
    }

    public IReadOnlyList<int> AppliedNumbers => Applied.Select(e => e.Number()).ToList();

    /// <summary>Every Event that arrived in an Events message (not through JoinArticle), in arrival order.</summary>
    public IReadOnlyList<JsonElement> Pushed
    {
        get { lock (_gate) return [.. _pushed]; }
    }

    public IReadOnlyList<JsonElement> PresenceSnapshots
    {
        get { lock (_gate) return [.. _presence]; }
    }

    public static async Task<ArticleFollower> StartAsync(Member member, int articleId, Uri hubUrl)
    {
        var follower = new ArticleFollower(member, articleId);
        await follower.ConnectAsync(hubUrl);
        return follower;
    }

    /// <summary>Connects (again) to <paramref name="hubUrl"/> and joins the article after the last number it saw.</summary>
    public async Task ConnectAsync(Uri hubUrl)
    {
        if (Connection is { } old)
        {
            _work.Writer.TryComplete();
            await _pump;
            await old.DisposeAsync();
        }
        _work = Channel.CreateUnbounded<Func<Task>>(new() { SingleReader = true });
        Closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        HubUrl = hubUrl;
        var connection = HubClient.Build(hubUrl, _token);
        var work = _work;
        // Handlers only queue: a hub call from inside a handler would wait on the receive loop that runs the handler.
        connection.On<JsonElement[]>("Events", events =>
        {
            lock (_gate) _pushed.AddRange(events);
            work.Writer.TryWrite(() => ApplyAsync(connection, events, fillGaps: true));
        });
        connection.On<JsonElement>("Presence", snapshot => Record(() => _presence.Add(snapshot)));
        var closed = Closed;
        connection.Closed += ex =>
        {
            closed.TrySetResult(ex);
            return Task.CompletedTask;
        };
        Connection = connection;
        _pump = Task.Run(() => PumpAsync(work));
        // Just after Redis came back (a test before this one may have restarted it), the backplane refuses new hub
        // connections until it has reconnected; clients try again, as README says they should.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                await connection.StartAsync();
                break;
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(250);
            }
        }
        var joined = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        work.Writer.TryWrite(async () =>
        {
            try
            {
                var missed = await connection.InvokeAsync<JsonElement[]>("JoinArticle", ArticleId, LastSeen);
                Apply(missed);
                joined.TrySetResult();
            }
            catch (Exception ex)
            {
                joined.TrySetException(ex);
            }
        });
        await joined.Task;
    }

    public Task<JsonElement> UpdateClaimAsync(int claimId, object patch) => Connection!.InvokeAsync<JsonElement>("UpdateClaim", claimId, patch);

    public Task<JsonElement> AddNoteAsync(int claimId, string body) => Connection!.InvokeAsync<JsonElement>("AddNote", claimId, body, (int?)null);

    /// <summary>Waits until <paramref name="condition"/> holds; false on timeout.</summary>
    public async Task<bool> WaitUntilAsync(Func<ArticleFollower, bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            Task signal;
            lock (_gate) signal = _changed.Task;
            if (condition(this)) return true;
            var remaining = deadline - DateTime.UtcNow;
            if (remaining <= TimeSpan.Zero) return false;
            try
            {
                await signal.WaitAsync(remaining < TimeSpan.FromSeconds(1) ? remaining : TimeSpan.FromSeconds(1));
            }
            catch (TimeoutException)
            {
                // Look again (conditions may depend on time or on other clients).
            }
        }
    }

    private async Task PumpAsync(Channel<Func<Task>> work)
    {
        await foreach (var step in work.Reader.ReadAllAsync())
        {
            try
            {
                await step();
            }
            catch (Exception)
            {
                // A call on a connection that went away: the next connection joins from the last number.
            }
        }
    }

    private async Task ApplyAsync(HubConnection connection, JsonElement[] events, bool fillGaps)
    {
        var fresh = events.Where(e => e.Number() > LastSeen).OrderBy(e => e.Number()).ToList();
        if (fresh.Count == 0) return;
        if (fillGaps && fresh[0].Number() > LastSeen + 1)
        {
            // A jump: what is in between comes from JoinArticle. Numbers private to someone else stay a gap.
            GapFills++;
            Apply(await connection.InvokeAsync<JsonElement[]>("JoinArticle", ArticleId, LastSeen));
        }
        Apply(fresh);
    }

    private void Apply(IEnumerable<JsonElement> events) => Record(() =>
    {
        foreach (var e in events.OrderBy(e => e.Number()))
        {
            if (e.Number() <= _last) continue;
            _applied.Add(e);
            _last = e.Number();
        }
    });

    private void Record(Action change)
    {
        TaskCompletionSource previous;
        lock (_gate)
        {
            change();
            previous = _changed;
            _changed = NewSignal();
        }
        previous.TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async ValueTask DisposeAsync()
    {
        _work.Writer.TryComplete();
        if (Connection is not null) await Connection.DisposeAsync();
        await _pump.WaitAsync(TimeSpan.FromSeconds(10)).ContinueWith(_ => { }, TaskScheduler.Default);
    }
}
