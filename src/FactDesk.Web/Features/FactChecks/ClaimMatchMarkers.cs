using System.Collections.Concurrent;
using System.Threading.Channels;

namespace FactDesk.Web.Features.FactChecks;

/// <summary>
/// The claim list's "Checked before" markers: for every claim of an article someone has open, its strongest match
/// ("same" or "related"). Claims are matched in the background: one model call embeds them all, in runs of one length
/// (shortest first); the claims of its first run are searched, ranked and published at once, the rest in parts of at
/// least <see cref="MinPart"/> (the last when the model is done); <see cref="Changed"/> is raised after each part so the
/// list shows markers as they arrive. A claim whose text
/// changes, and every claim when the index grows, is matched again. Articles nobody watches are forgotten.
/// </summary>
public sealed partial class ClaimMatchMarkers : IDisposable
{
    /// <summary>
    /// Claims searched together at least, after the model's first run (shown at once): ranking beside the model slows
    /// both (ONNX Runtime's two threads wait for each other at every step), so the rest is ranked in a few large parts,
    /// the last when the model is done. `match-scale-app`, step 4, 500 claims over 10,000, rounds 2–4: every run ranked
    /// as it came 2.67 s (one round), parts of 128 2.39–2.48 s, of 256 2.26–2.43 s, the first run then the rest
    /// 2.16–2.29 s.
    /// </summary>
    internal const int MinPart = 512;

    private static readonly TimeSpan IndexSettle = TimeSpan.FromSeconds(1);
    private readonly IServiceScopeFactory scopes;
    private readonly FactCheckIndex index;
    private readonly ILogger<ClaimMatchMarkers> logger;
    private readonly ConcurrentDictionary<int, ArticleMarkers> articles = new();
    private readonly Timer settle;
    private int indexDirty;

    public ClaimMatchMarkers(IServiceScopeFactory scopes, FactCheckIndex index, ILogger<ClaimMatchMarkers> logger)
    {
        this.scopes = scopes;
        this.index = index;
        this.logger = logger;
        settle = new Timer(_ => RematchAll(), null, Timeout.Infinite, Timeout.Infinite);
        index.Changed += OnIndexChanged;
    }

    /// <summary>Raised with an article's id after new markers for it are known (on a background thread).</summary>
    public event Action<int>? Changed;

    /// <summary>The strongest match strength ("same" or "related") per claim of <paramref name="articleId"/> known so far.</summary>
    public IReadOnlyDictionary<int, string> For(int articleId) =>
        articles.TryGetValue(articleId, out var a) ? a.Markers : new Dictionary<int, string>();

    /// <summary>How many claims of <paramref name="articleId"/> have been matched with their current text.</summary>
    public int MatchedCount(int articleId)
    {
        if (!articles.TryGetValue(articleId, out var a)) return 0;
        lock (a) return a.Claims.Count(c => a.MatchedText.TryGetValue(c.Key, out var t) && t == c.Value);
    }

    /// <summary>
    /// Starts watching <paramref name="articleId"/> (until the handle is disposed) and matches the claims in
    /// <paramref name="claims"/> not yet matched with that text. Call again whenever the claims change; it is cheap.
    /// </summary>
    public IDisposable Watch(int articleId, IReadOnlyList<(int Id, string Text)> claims, string? language)
    {
        ArgumentNullException.ThrowIfNull(claims);
        var a = articles.GetOrAdd(articleId, id => new ArticleMarkers(id));
        Interlocked.Increment(ref a.Watchers);
        Update(a, claims, language);
        return new Handle(this, a);
    }

    /// <summary>Tells the markers that the claims of a watched article changed (added, edited, dismissed).</summary>
    public void Update(int articleId, IReadOnlyList<(int Id, string Text)> claims, string? language)
    {
        ArgumentNullException.ThrowIfNull(claims);
        if (articles.TryGetValue(articleId, out var a)) Update(a, claims, language);
    }

    private void Update(ArticleMarkers a, IReadOnlyList<(int Id, string Text)> claims, string? language)
    {
        lock (a)
        {
            a.Language = language;
            a.Claims = claims.ToDictionary(c => c.Id, c => c.Text);
            if (a.Running) { a.Again = true; return; }
            a.Running = true;
        }
        _ = Task.Run(() => RunAsync(a));
    }

    private async Task RunAsync(ArticleMarkers a)
    {
        while (true)
        {
            List<(int Id, string Text)> todo;
            string? language;
            lock (a)
            {
                todo = a.Claims.Where(c => !a.MatchedText.TryGetValue(c.Key, out var t) || t != c.Value).Select(c => (c.Key, c.Value)).ToList();
                language = a.Language;
                if (todo.Count == 0 && !a.Again)
                {
                    a.Running = false;
                    // markers of claims that went away
                    var gone = a.Markers.Keys.Where(k => !a.Claims.ContainsKey(k)).ToList();
                    if (gone.Count > 0) a.Markers = a.Markers.Where(m => a.Claims.ContainsKey(m.Key)).ToDictionary();
                    break;
                }
                a.Again = false;
            }
            if (a.Watchers <= 0) { lock (a) a.Running = false; break; }
            try
            {
                await MatchAsync(a, todo, language);
            }
            catch (Exception ex)
            {
                // the markers are a hint; the claim panel shows (and words) any failure when the claim is opened
                LogFailed(logger, ex, a.ArticleId);
                lock (a) a.Running = false;
                return;
            }
        }
    }

    // One model call over every claim to match, in runs of one length, each run's claims handed over as it finishes
    // (a call over them all wastes the least padding: `embed-speed --calls`). The first run is searched, ranked,
    // resolved and published at once; later runs are gathered into parts of at least MinPart while the model goes on,
    // and what is left when the model is done is the last part.
    private async Task MatchAsync(ArticleMarkers a, List<(int Id, string Text)> todo, string? language)
    {
        if (todo.Count == 0) return;
        // nothing to embed for while the index is empty (MatchManyAsync then answers at once, or embeds itself if it filled)
        if (index.Vectors.Count == 0)
        {
            await PublishAsync(a, [.. todo], language, null);
            return;
        }
        var ready = Channel.CreateUnbounded<(int[] Positions, float[][] Vectors)>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        using var stop = new CancellationTokenSource();
        var texts = todo.Select(c => c.Text).ToList();
        // its own thread: a call of seconds must not hold a pool thread the ranking of its runs is waiting for
        var model = Task.Factory.StartNew(() =>
        {
            try
            {
                index.Matcher.EmbedQueries(texts, (positions, vectors) => ready.Writer.TryWrite((positions, vectors)), stop.Token);
                ready.Writer.TryComplete();
            }
            catch (Exception ex)
            {
                ready.Writer.TryComplete(ex);
            }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        try
        {
            var part = new List<(int Id, string Text)>();
            var vectors = new List<float[]>();
            var first = true;
            // a model failure ends the wait with its exception
            while (await ready.Reader.WaitToReadAsync())
            {
                // nobody is looking any more: stop the model (the claims left are matched if someone comes back)
                if (Volatile.Read(ref a.Watchers) <= 0) return;
                while (ready.Reader.TryRead(out var run))
                {
                    foreach (var p in run.Positions) part.Add(todo[p]);
                    vectors.AddRange(run.Vectors);
                }
                if (!first && part.Count < MinPart) continue;
                first = false;
                await PublishAsync(a, [.. part], language, [.. vectors]);
                part.Clear();
                vectors.Clear();
            }
            if (part.Count > 0) await PublishAsync(a, [.. part], language, [.. vectors]);
        }
        finally
        {
            // after a failure here, or when nobody looks, the model stops at its next run; it never throws (above)
            await stop.CancelAsync();
            await model;
        }
    }

    private async Task PublishAsync(ArticleMarkers a, (int Id, string Text)[] part, string? language, float[][]? embedded)
    {
        using var scope = scopes.CreateScope();
        var search = scope.ServiceProvider.GetRequiredService<FactCheckSearch>();
        var found = await search.MatchManyAsync(a.ArticleId, part, language, 1, embedded, CancellationToken.None);
        lock (a)
        {
            var next = new Dictionary<int, string>(a.Markers);
            for (int i = 0; i < part.Length; i++)
            {
                if (found[i].Count > 0) next[part[i].Id] = found[i][0].Strength;
                else next.Remove(part[i].Id);
                a.MatchedText[part[i].Id] = part[i].Text;
            }
            a.Markers = next;
        }
        Changed?.Invoke(a.ArticleId);
    }

    // the index grew (an import is being indexed): match the watched articles again once it settles for a moment
    private void OnIndexChanged()
    {
        Interlocked.Exchange(ref indexDirty, 1);
        settle.Change(IndexSettle, Timeout.InfiniteTimeSpan);
    }

    private void RematchAll()
    {
        if (Interlocked.Exchange(ref indexDirty, 0) == 0) return;
        foreach (var a in articles.Values)
        {
            lock (a)
            {
                a.MatchedText.Clear();
                if (a.Running) { a.Again = true; continue; }
                a.Running = true;
            }
            _ = Task.Run(() => RunAsync(a));
        }
    }

    private void Release(ArticleMarkers a)
    {
        if (Interlocked.Decrement(ref a.Watchers) <= 0) articles.TryRemove(new KeyValuePair<int, ArticleMarkers>(a.ArticleId, a));
    }

    public void Dispose()
    {
        index.Changed -= OnIndexChanged;
        settle.Dispose();
    }

    private sealed class ArticleMarkers(int articleId)
    {
        public int ArticleId { get; } = articleId;
        public int Watchers;
        public bool Running;
        public bool Again;
        public string? Language;
        public Dictionary<int, string> Claims = [];
        public readonly Dictionary<int, string> MatchedText = [];
        public volatile Dictionary<int, string> Markers = [];
    }

    private sealed class Handle(ClaimMatchMarkers owner, ArticleMarkers article) : IDisposable
    {
        private int disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref disposed, 1) == 0) owner.Release(article);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Matching the claims of article {ArticleId} for the claim list failed")]
    private static partial void LogFailed(ILogger logger, Exception ex, int articleId);
}
