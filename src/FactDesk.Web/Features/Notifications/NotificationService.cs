using System.Collections.Concurrent;
using System.Text.Json;
using FactDesk.Web.Data;
using FactDesk.Web.Features.Review;
using FactDesk.Web.Features.Review.Reading;
using FactDesk.Web.Features.Review.Writing;
using FactDesk.Web.Localization;
using FactDesk.Web.Resources;
using FactDesk.Web.Realtime;
using Microsoft.EntityFrameworkCore;

namespace FactDesk.Web.Features.Notifications;

public static class NotificationKinds
{
    public const string Assigned = "assigned";
    public const string Mentioned = "mentioned";
    public const string SessionStarted = "session-started";
    public const string SessionRevealed = "session-revealed";
    public const string SessionSignedOff = "session-signed-off";
    public const string Corrected = "corrected";
    public const string SignedUp = "signed-up";
}

/// <summary>Where a notification leads: the article with the claim opened (<c>?claim=12</c>).</summary>
public static class NotificationLinks
{
    public static string ToClaim(int articleId, int claimId) => $"/articles/{articleId}?claim={claimId}";

    /// <summary>Links stored before claims opened from the address (<c>#claim-12</c>) lead to the same place.</summary>
    public static string Normalize(string link)
    {
        var hash = link.IndexOf("#claim-", StringComparison.Ordinal);
        return hash >= 0 && int.TryParse(link.AsSpan(hash + 7), out var id) ? $"{link[..hash]}?claim={id}" : link;
    }
}

/// <summary>
/// In-app notifications, derived from the stored Event stream so every write path produces them alike: being assigned
/// a claim, being @mentioned in a note, a session one takes part in started, revealed, signed off, or a claim of its
/// article corrected afterwards. Stored for people who are away; delivered live to the pages of those who are
/// online. With several instances (see <see cref="INotificationExchange"/>) the instance that stored the Event stores
/// its notifications, once, and tells the others, which deliver them to their own pages of that person.
/// </summary>
public sealed partial class NotificationService(
    IDbContextFactory<FactDeskDbContext> dbFactory,
    IReviewEventBus bus,
    TimeProvider clock,
    ILogger<NotificationService> logger,
    INotificationExchange? exchange = null) : IHostedService
{
    private readonly ConcurrentDictionary<string, Follower[]> _online = new();
    private INotificationExchange? _exchange;
    private IDisposable? _subscription;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _subscription = bus.SubscribeAll(OnEventsAsync, _ => Task.CompletedTask);
        // Registered only with several instances (Redis); alone, nobody else stores notifications.
        if (exchange is not null)
        {
            exchange.OnRemoteNotification(DeliverAsync);
            exchange.OnReconnected(RefreshFollowersAsync);
            _exchange = exchange;
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _subscription?.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>
    /// Follows one person's notifications live. <paramref name="onMissed"/> (optional) is called when some may have
    /// been missed (another instance's, while Redis was away): re-read them from the database. Dispose to stop.
    /// </summary>
    public IDisposable Follow(string userId, Func<NotificationDto, Task> handler, Func<Task>? onMissed = null)
    {
        var follower = new Follower(handler, onMissed);
        _online.AddOrUpdate(userId, _ => [follower], (_, h) => [.. h, follower]);
        return new Unfollow(() => _online.AddOrUpdate(userId, _ => [], (_, h) => h.Where(x => x != follower).ToArray()));
    }

    public async Task<(IReadOnlyList<NotificationDto> Recent, int Unread)> ListAsync(string userId, int take, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var recent = await db.Notifications.AsNoTracking().Where(n => n.UserId == userId).OrderByDescending(n => n.Id).Take(Math.Clamp(take, 1, 200))
            .Select(n => new NotificationDto(n.Id, n.Kind, n.Text, n.Link, n.CreatedAt, n.ReadAt != null)).ToListAsync(ct);
        var unread = await db.Notifications.CountAsync(n => n.UserId == userId && n.ReadAt == null, ct);
        return (recent, unread);
    }

    /// <summary>Marks some (or, with null, all) of a person's notifications read.</summary>
    public Task<WriteResult<int>> MarkReadAsync(string userId, IReadOnlyCollection<long>? ids, CancellationToken ct) =>
        WriteResult.GuardAsync(logger, async () =>
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var query = db.Notifications.Where(n => n.UserId == userId && n.ReadAt == null);
            if (ids is not null) query = query.Where(n => ids.Contains(n.Id));
            return WriteResult<int>.Success(await query.ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, StoredTime.Now(clock)), ct));
        });

    private async Task OnEventsAsync(ReviewEventBatch batch)
    {
        var wanted = new List<(string? UserId, string? MentionName, string Kind, ReviewEventDto Event)>();
        foreach (var e in batch.Events)
        {
            if (e.Kind == EventKinds.ClaimUpdated && e.After is { ValueKind: JsonValueKind.Object } after
                && after.TryGetProperty("assigneeId", out var assignee) && assignee.ValueKind == JsonValueKind.String && assignee.GetString() != e.Actor.Id)
            {
                wanted.Add((assignee.GetString(), null, NotificationKinds.Assigned, e));
            }
            else if (e.Kind == EventKinds.NoteAdded && e.After is { ValueKind: JsonValueKind.Object } note
                && note.TryGetProperty("body", out var body) && body.ValueKind == JsonValueKind.String)
            {
                foreach (var name in Mentions.Names(body.GetString()!)) wanted.Add((null, name, NotificationKinds.Mentioned, e));
            }
            else if (SessionKind(e.Kind) is { } sessionKind)
            {
                foreach (var id in Participants(e)) wanted.Add((id, null, sessionKind, e));
            }
        }
        var corrected = batch.Events.Where(e => e.Kind == Sessions.SessionEventKinds.Corrected).ToList();
        if (wanted.Count == 0 && corrected.Count == 0) return;
        try
        {
            if (corrected.Count > 0)
            {
                // A correction after sign-off concerns everyone who took part in the article's latest session.
                var participants = await LatestParticipantsAsync(batch.ArticleId);
                foreach (var e in corrected)
                foreach (var id in participants) wanted.Add((id, null, NotificationKinds.Corrected, e));
            }
            if (wanted.Count == 0) return;
            await StoreAndDeliverAsync(batch.ArticleId, wanted);
        }
        catch (Exception ex)
        {
            // Notifications are a courtesy on top of stored changes; a failure here must not touch the change itself.
            LogFailed(logger, ex, batch.ArticleId);
        }
    }

    private async Task StoreAndDeliverAsync(int articleId, List<(string? UserId, string? MentionName, string Kind, ReviewEventDto Event)> wanted)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var storedTitle = await db.Articles.AsNoTracking().Where(a => a.Id == articleId).Select(a => a.Title).FirstOrDefaultAsync();
        var users = await db.Users.AsNoTracking().Select(u => new { u.Id, u.DisplayName, u.Email, u.Culture }).ToListAsync();
        // Stored text is read later, by its recipient: it is written in the language that person's account chose.
        var cultures = users.ToDictionary(u => u.Id, u => TextIn.CultureOf(u.Culture));
        string Say(string target, string key, params object[] args) =>
            TextIn.Format<SharedText>(cultures.GetValueOrDefault(target) ?? TextIn.CultureOf(null), key, args);
        string TitleFor(string target) => Shorten(storedTitle ?? Say(target, "Notify.Article", articleId));
        var stored = new List<Notification>();
        var grown = new List<Notification>();
        var now = StoredTime.Now(clock);
        var claimIds = wanted.Where(w => w.Kind == NotificationKinds.Assigned && w.Event.ClaimId is not null).Select(w => w.Event.ClaimId!.Value).Distinct().ToList();
        var quotes = claimIds.Count == 0 ? [] : await db.Claims.AsNoTracking().Where(c => claimIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Exact);
        foreach (var (userId, mention, kind, e) in wanted)
        {
            var target = userId ?? MatchMention(mention!, users.Select(u => (u.Id, u.DisplayName, u.Email ?? "")).ToList());
            if (target is null || target == e.Actor.Id) continue;
            // The visibility rule: a mention in a Reviewer's private note (blind pass) reaches only those who may see it.
            if (e.VisibleTo is not null && !ReviewVisibility.CanSee(await RecipientAsync(db, target), e.VisibleTo)) continue;
            if (stored.Any(n => n.UserId == target && n.Kind == kind && n.Link == Link(e))) continue;
            if (kind == NotificationKinds.Assigned)
            {
                // A balance assigns many claims one write at a time: one notification per person and article says how
                // many ("7 claims on … assigned to you") instead of seven identical ones.
                var group = stored.Concat(grown).FirstOrDefault(n => n.UserId == target && n.Kind == kind && n.Link!.StartsWith(ArticlePrefix(articleId), StringComparison.Ordinal))
                    ?? await db.Notifications.Where(n => n.UserId == target && n.Kind == kind && n.ReadAt == null && n.Link!.StartsWith(ArticlePrefix(articleId)))
                        .OrderByDescending(n => n.Id).FirstOrDefaultAsync();
                // Only the same burst of work is grouped (SQLite cannot compare DateTimeOffset in SQL, so the time is checked here).
                if (group is not null && group.Id != 0 && group.CreatedAt < now - AssignmentWindow) group = null;
                if (group is not null)
                {
                    group.Count++;
                    group.Text = Say(target, "Notify.AssignedMany." + Plurals.FormOf(group.Count, cultures.GetValueOrDefault(target) ?? TextIn.CultureOf(null)), group.Count, TitleFor(target), e.Actor.Name);
                    group.CreatedAt = now;
                    if (group.Id != 0 && !grown.Contains(group)) grown.Add(group);
                    continue;
                }
            }
            var quote = e.ClaimId is { } cid && quotes.TryGetValue(cid, out var q) ? q : null;
            stored.Add(new Notification
            {
                UserId = target, Kind = kind, CreatedAt = now, Link = Link(e),
                Text = kind switch
                {
                    NotificationKinds.Assigned => quote is null ? Say(target, "Notify.Assigned", e.Actor.Name, TitleFor(target)) : Say(target, "Notify.AssignedQuote", e.Actor.Name, Shorten(quote, 90), TitleFor(target)),
                    NotificationKinds.SessionStarted => Say(target, "Notify.SessionStarted", e.Actor.Name, TitleFor(target)),
                    NotificationKinds.SessionRevealed => Say(target, "Notify.SessionRevealed", e.Actor.Name, TitleFor(target)),
                    NotificationKinds.SessionSignedOff => Say(target, "Notify.SessionSignedOff", e.Actor.Name, TitleFor(target)),
                    NotificationKinds.Corrected => Say(target, "Notify.Corrected", e.Actor.Name, TitleFor(target)),
                    _ => Say(target, "Notify.Mentioned", e.Actor.Name, TitleFor(target)),
                },
            });
        }
        if (stored.Count == 0 && grown.Count == 0) return;
        db.Notifications.AddRange(stored);
        await db.SaveChangesAsync();
        await ShareAsync(stored.Concat(grown).Distinct().ToList());
    }

    /// <summary>
    /// Tells people of something that is not a change to an article (someone signed up): stored, and shown live on
    /// their open pages like every other notification.
    /// </summary>
    public async Task NotifyAsync(IReadOnlyCollection<string> userIds, string kind, string text, string? link, CancellationToken ct)
    {
        if (userIds.Count == 0) return;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var stored = userIds.Distinct().Select(id => new Notification { UserId = id, Kind = kind, Text = Shorten(text, 480), Link = link, CreatedAt = StoredTime.Now(clock) }).ToList();
        db.Notifications.AddRange(stored);
        await db.SaveChangesAsync(ct);
        await ShareAsync(stored);
    }

    /// <summary>
    /// Tells Editors that someone signed up, each in the language their account chose: as a Viewer who may need a role
    /// (<paramref name="role"/> is Viewer), or with the role an invitation gave.
    /// </summary>
    public async Task NotifySignUpAsync(IReadOnlyCollection<string> editorIds, string name, string? email, string role, CancellationToken ct)
    {
        if (editorIds.Count == 0) return;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var ids = editorIds.Distinct().ToList();
        var cultures = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Culture, ct);
        var stored = ids.Select(id =>
        {
            var culture = TextIn.CultureOf(cultures.GetValueOrDefault(id));
            var text = role == Roles.Viewer
                ? TextIn.Format<SharedText>(culture, "Notify.SignedUp", name, email ?? "")
                : TextIn.Format<SharedText>(culture, "Notify.SignedUpInvited", name, email ?? "", TextIn.Format<SharedText>(culture, "Role." + role));
            return new Notification { UserId = id, Kind = NotificationKinds.SignedUp, Text = Shorten(text, 480), Link = "/people", CreatedAt = StoredTime.Now(clock) };
        }).ToList();
        db.Notifications.AddRange(stored);
        await db.SaveChangesAsync(ct);
        await ShareAsync(stored);
    }

    private async Task ShareAsync(IReadOnlyList<Notification> stored)
    {
        var dtos = stored.Select(n => (n.UserId, Dto: new NotificationDto(n.Id, n.Kind, n.Text, n.Link, n.CreatedAt, false))).ToList();
        // The other instances' pages first (hand-over only), then this instance's own.
        foreach (var (userId, dto) in dtos) _exchange?.ShareNotification(userId, dto);
        foreach (var (userId, dto) in dtos) await DeliverAsync(userId, dto);
    }

    private static readonly TimeSpan AssignmentWindow = TimeSpan.FromMinutes(5);

    private static string ArticlePrefix(int articleId) => $"/articles/{articleId}?";

    private static async Task<Actor> RecipientAsync(FactDeskDbContext db, string userId)
    {
        var role = await db.UserRoles.Where(ur => ur.UserId == userId).Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name).FirstOrDefaultAsync();
        return new Actor(userId, "", role ?? Roles.Viewer);
    }

    /// <summary>Hands a stored notification to this instance's pages of its person (stored here or by another instance).</summary>
    private async Task DeliverAsync(string userId, NotificationDto dto)
    {
        if (!_online.TryGetValue(userId, out var followers)) return;
        foreach (var follower in followers)
        {
            try
            {
                await follower.OnNotification(dto);
            }
            catch (Exception ex)
            {
                LogDeliveryFailed(logger, ex, dto.Id);
            }
        }
    }

    /// <summary>Redis came back: another instance's notifications may have been lost in transit, so pages here re-read theirs.</summary>
    private async Task RefreshFollowersAsync()
    {
        // One page after the other: a burst of database reads after an outage, spread out.
        foreach (var follower in _online.Values.SelectMany(f => f).Where(f => f.OnMissed is not null).ToList())
        {
            try
            {
                await follower.OnMissed!();
            }
            catch (Exception ex)
            {
                LogRefreshFailed(logger, ex);
            }
        }
    }

    private static string? SessionKind(string eventKind) => eventKind switch
    {
        Sessions.SessionEventKinds.Started => NotificationKinds.SessionStarted,
        Sessions.SessionEventKinds.Revealed => NotificationKinds.SessionRevealed,
        Sessions.SessionEventKinds.SignedOff => NotificationKinds.SessionSignedOff,
        _ => null,
    };

    /// <summary>The user ids in a session Event's <c>participants</c> array.</summary>
    private static IEnumerable<string> Participants(ReviewEventDto e) =>
        e.After is { ValueKind: JsonValueKind.Object } after && after.TryGetProperty("participants", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Where(p => p.ValueKind == JsonValueKind.String).Select(p => p.GetString()!).Distinct().ToList()
            : [];

    private async Task<IReadOnlyList<string>> LatestParticipantsAsync(int articleId)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var sessionId = await db.Sessions.AsNoTracking().Where(s => s.ArticleId == articleId).OrderByDescending(s => s.Id).Select(s => (int?)s.Id).FirstOrDefaultAsync();
        return sessionId is null ? [] : await db.SessionParticipants.AsNoTracking().Where(p => p.SessionId == sessionId).Select(p => p.UserId).ToListAsync();
    }

    /// <summary>"@Rita" or "@rita.reviewer" finds Rita Reviewer: by first name, whole name without spaces, or email name.</summary>
    internal static string? MatchMention(string mention, IReadOnlyList<(string Id, string Name, string Email)> users)
    {
        static string Squash(string s) => new string(s.Where(char.IsLetterOrDigit).ToArray()).ToLowerInvariant();
        var m = Squash(mention);
        if (m.Length == 0) return null;
        var candidates = users.Where(u => Squash(u.Name) == m || Squash(u.Email.Split('@')[0]) == m).ToList();
        if (candidates.Count == 0) candidates = users.Where(u => Squash(u.Name.Split(' ')[0]) == m).ToList();
        // An ambiguous first name notifies nobody rather than the wrong person.
        return candidates.Count == 1 ? candidates[0].Id : null;
    }

    private static string Link(ReviewEventDto e) => e.ClaimId is { } id ? NotificationLinks.ToClaim(e.ArticleId, id) : $"/articles/{e.ArticleId}";

    private static string Shorten(string s, int max = 70) => s.Length <= max ? s : s[..(max - 1)].TrimEnd() + "…";

    private sealed record Follower(Func<NotificationDto, Task> OnNotification, Func<Task>? OnMissed);

    private sealed class Unfollow(Action dispose) : IDisposable
    {
        private int _done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0) dispose();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Notifications for article {ArticleId} could not be created")]
    private static partial void LogFailed(ILogger logger, Exception ex, int articleId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Notification {NotificationId} could not be shown on a page")]
    private static partial void LogDeliveryFailed(ILogger logger, Exception ex, long notificationId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A page could not re-read its notifications after Redis came back")]
    private static partial void LogRefreshFailed(ILogger logger, Exception ex);
}
