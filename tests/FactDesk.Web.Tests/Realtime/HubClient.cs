using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace FactDesk.Web.Tests.Realtime;

/// <summary>
/// A hub client as an outside tool would write it: WebSockets only, token as bearer, payloads read as plain JSON so the
/// tests check the wire contract (camelCase names, enum strings), not the server's own types. Records every Events and
/// Presence message and lets a test wait for a condition on them without sleeping.
/// </summary>
public sealed class HubClient : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(400);

    private readonly object _gate = new();
    private readonly List<JsonElement[]> _eventMessages = [];
    private readonly List<JsonElement> _presence = [];
    private TaskCompletionSource _changed = NewSignal();

    private HubClient(HubConnection connection, string name)
    {
        Connection = connection;
        Name = name;
        connection.On<JsonElement[]>("Events", batch => Record(() => _eventMessages.Add(batch)));
        connection.On<JsonElement>("Presence", snapshot => Record(() => _presence.Add(snapshot)));
        connection.Closed += ex =>
        {
            Closed.TrySetResult(ex);
            return Task.CompletedTask;
        };
    }

    public HubConnection Connection { get; }
    public string Name { get; }
    public TaskCompletionSource<Exception?> Closed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Every Events message received so far, one array per message.</summary>
    public IReadOnlyList<JsonElement[]> EventMessages
    {
        get { lock (_gate) return [.. _eventMessages]; }
    }

    /// <summary>Every Event received so far, in the order received.</summary>
    public IReadOnlyList<JsonElement> Events
    {
        get { lock (_gate) return [.. _eventMessages.SelectMany(m => m)]; }
    }

    public IReadOnlyList<JsonElement> PresenceSnapshots
    {
        get { lock (_gate) return [.. _presence]; }
    }

    public static HubConnection Build(Uri hubUrl, string? token) =>
        new HubConnectionBuilder()
            .WithUrl(hubUrl, HttpTransportType.WebSockets, o =>
            {
                if (token is not null) o.AccessTokenProvider = () => Task.FromResult<string?>(token);
            })
            .AddJsonProtocol(o => o.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase)))
            .Build();

    public static async Task<HubClient> ConnectAsync(Uri hubUrl, string token, string name)
    {
        var client = new HubClient(Build(hubUrl, token), name);
        await client.Connection.StartAsync();
        return client;
    }

    public async Task<JsonElement[]> JoinAsync(int articleId, int afterEventNumber = 0) =>
        await Connection.InvokeAsync<JsonElement[]>("JoinArticle", articleId, afterEventNumber);

    /// <summary>Joins and returns the last Event number of the catch-up (0 when there was none).</summary>
    public async Task<int> JoinAtEndAsync(int articleId) =>
        (await JoinAsync(articleId)).Select(e => e.Number()).DefaultIfEmpty(0).Max();

    public Task<JsonElement> UpdateClaimAsync(int claimId, object patch) => Connection.InvokeAsync<JsonElement>("UpdateClaim", claimId, patch);

    public Task<JsonElement> AddNoteAsync(int claimId, string body, int? parentId = null) =>
        Connection.InvokeAsync<JsonElement>("AddNote", claimId, body, parentId);

    /// <summary>Waits until <paramref name="condition"/> holds on what this client received; false on timeout.</summary>
    public async Task<bool> WaitUntilAsync(Func<HubClient, bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? Patience);
        while (true)
        {
            Task signal;
            lock (_gate)
            {
                signal = _changed.Task;
            }
            if (condition(this)) return true;
            var remaining = deadline - DateTime.UtcNow;
            if (remaining <= TimeSpan.Zero) return false;
            try
            {
                await signal.WaitAsync(remaining);
            }
            catch (TimeoutException)
            {
                return condition(this);
            }
        }
    }

    /// <summary>Waits for the first Event matching <paramref name="match"/>; fails the test when it does not come.</summary>
    public async Task<JsonElement> WaitForEventAsync(Func<JsonElement, bool> match, string what)
    {
        Assert.True(await WaitUntilAsync(c => c.Events.Any(match)), $"{Name} did not receive {what}. Received: {Describe(Events)}");
        return Events.First(match);
    }

    /// <summary>Waits for a presence snapshot matching <paramref name="match"/> among those after the first <paramref name="skip"/>.</summary>
    public async Task<JsonElement> WaitForPresenceAsync(Func<JsonElement, bool> match, string what, TimeSpan? timeout = null, int skip = 0)
    {
        Assert.True(await WaitUntilAsync(c => c.PresenceSnapshots.Skip(skip).Any(match), timeout),
            $"{Name} did not receive a presence snapshot with {what}. Received: {string.Join(" | ", PresenceSnapshots.Select(p => p.GetRawText()))}");
        return PresenceSnapshots.Skip(skip).Last(match);
    }

    /// <summary>Asserts that no Events message arrives within a short bounded wait.</summary>
    public async Task AssertNoEventsAsync(string why, int alreadySeen = 0)
    {
        var arrived = await WaitUntilAsync(c => c.EventMessages.Count > alreadySeen, Quiet);
        Assert.False(arrived, $"{Name} received Events although {why}: {Describe(Events.Skip(alreadySeen))}");
    }

    public static string Describe(IEnumerable<JsonElement> events) =>
        "[" + string.Join(", ", events.Select(e => $"#{e.Number()} {e.GetProperty("kind").GetString()}")) + "]";

    public async ValueTask DisposeAsync() => await Connection.DisposeAsync();

    private void Record(Action add)
    {
        TaskCompletionSource previous;
        lock (_gate)
        {
            add();
            previous = _changed;
            _changed = NewSignal();
        }
        previous.TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}

public static class RealtimeJson
{
    public static int Number(this JsonElement e) => e.GetProperty("number").GetInt32();
    public static string Status(this JsonElement result) => result.GetProperty("status").GetString()!;
    public static JsonElement Value(this JsonElement result) => result.GetProperty("value");

    public static void AssertOk(this JsonElement result) =>
        Assert.True(result.Status() == "ok", $"Expected ok, got {result.GetRawText()}");
}
