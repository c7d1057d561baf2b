using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Claims;
using FactDesk.Web.Data;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;

namespace FactDesk.Web.Realtime;

/// <summary>
/// Re-checks the hub's callers while their connections stay open (DESIGN.md §8): a WebSocket is authenticated once,
/// when it opens, but the token behind it may be revoked or expire, and the account's role may change. Every
/// <see cref="Interval"/> all open connections are checked against the database in two queries (so another instance's
/// revocation counts too): one whose token or account is gone, or whose account is no longer an Editor while it sits
/// in an article's Editors' group (which carries what is private to others in a blind pass), is refused every call with
/// a HubException saying why from that check on, and closed at the check after (so a caller that is using it reads the
/// reason first); it reconnects as what it now is. Each hub call uses the role as last checked (at most <see cref="Interval"/> old), so
/// a Reviewer lowered to Viewer can still read but is refused writes with a clear <see cref="HubException"/>.
/// </summary>
public sealed partial class HubCallerGuard(
    IDbContextFactory<FactDeskDbContext> dbFactory,
    TimeProvider clock,
    ILogger<HubCallerGuard> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);
    internal const string ActorKey = "factdesk:actor";
    /// <summary>Identity's claim type for the security stamp (IdentityOptions.ClaimsIdentity.SecurityStampClaimType).</summary>
    internal const string StampClaimType = "AspNet.Identity.SecurityStamp";

    private readonly ConcurrentDictionary<string, Caller> _callers = new();
    private TaskCompletionSource _nextCheck = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>
    /// What the database says of a caller now: its role, or why it may no longer use the connection at all, as a key of
    /// Resources/MessageText (worded in the caller's language where it is told, <see cref="Api.HubCallerFilter"/>).
    /// </summary>
    public sealed record CallerState(string Role, string? Lost);

    internal sealed class Caller(HubCallerContext context, Actor atConnect, int? tokenId, string? stamp)
    {
        /// <summary>The security stamp a cookie principal carried when it connected (null for an API token).</summary>
        public string? Stamp { get; } = stamp;
        public HubCallerContext Context { get; } = context;
        public Actor AtConnect { get; } = atConnect;
        public int? TokenId { get; } = tokenId;
        public CallerState State { get; set; } = new(atConnect.Role, null);
        public long CheckedAt { get; set; }
        /// <summary>Joined an article as an Editor: in its Editors' group, which carries what is private to others.</summary>
        public bool InEditorsGroups { get; set; }
        /// <summary>Found lost by a sweep: the next sweep closes it.</summary>
        public bool Condemned { get; set; }
    }

    public int Open => _callers.Count;

    /// <summary>Completes when a check of all open connections that starts after this call has finished.</summary>
    public Task WaitForCheckAsync() => Volatile.Read(ref _nextCheck).Task;

    internal void Connected(HubCallerContext context)
    {
        if (Actor.From(context.User) is not { } actor) return;
        var token = context.User?.FindFirstValue(FactDeskClaimTypes.TokenId);
        // Never checked yet: the first call checks (a cookie's role claims may be older than the account's role).
        var hasToken = int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var id);
        // A cookie principal carries the account's security stamp: a password change renews it and ends the connection.
        var stamp = hasToken ? null : context.User?.FindFirstValue(StampClaimType);
        _callers[context.ConnectionId] = new Caller(context, actor, hasToken ? id : null, stamp);
    }

    internal void Disconnected(string connectionId) => _callers.TryRemove(connectionId, out _);

    /// <summary>The caller's state, checked again first when the last check is older than <see cref="Interval"/>.</summary>
    internal async ValueTask<(Actor Actor, CallerState State)?> CurrentAsync(HubCallerContext context, CancellationToken cancellationToken)
    {
        if (!_callers.TryGetValue(context.ConnectionId, out var caller)) return null;
        if (caller.CheckedAt == 0 || clock.GetElapsedTime(caller.CheckedAt) >= Interval) await CheckAsync([caller], cancellationToken);
        return (caller.AtConnect with { Role = caller.State.Role }, caller.State);
    }

    internal void JoinedAs(HubCallerContext context, Actor actor)
    {
        if (actor.IsEditor && _callers.TryGetValue(context.ConnectionId, out var caller)) caller.InEditorsGroups = true;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var done = Interlocked.Exchange(ref _nextCheck, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
            try
            {
                var callers = _callers.Values.ToList();
                if (callers.Count > 0) await CheckAsync(callers, stoppingToken);
                foreach (var caller in callers)
                {
                    if (caller.State.Lost is not { } lost) continue;
                    if (!caller.Condemned)
                    {
                        caller.Condemned = true;
                        continue;
                    }
                    LogAborted(logger, caller.Context.ConnectionId, caller.AtConnect.UserId, lost);
                    _callers.TryRemove(caller.Context.ConnectionId, out _);
                    caller.Context.Abort();
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A failed check changes nothing; the next tick tries again, and each call checks for itself.
                LogCheckFailed(logger, ex);
            }
            finally
            {
                done.TrySetResult();
            }
        }
    }

    private async Task CheckAsync(IReadOnlyList<Caller> callers, CancellationToken cancellationToken)
    {
        var userIds = callers.Select(c => c.AtConnect.UserId).Distinct().ToList();
        var tokenIds = callers.Where(c => c.TokenId is not null).Select(c => c.TokenId!.Value).Distinct().ToList();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var users = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id))
            .Select(u => new
            {
                u.Id,
                u.SecurityStamp,
                Role = db.UserRoles.Where(ur => ur.UserId == u.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name).FirstOrDefault(),
            })
            .ToDictionaryAsync(u => u.Id, cancellationToken);
        var tokens = tokenIds.Count == 0 ? [] : await db.ApiTokens.AsNoTracking().Where(t => tokenIds.Contains(t.Id))
            .Select(t => new { t.Id, t.RevokedAt, t.ExpiresAt }).ToDictionaryAsync(t => t.Id, cancellationToken);
        var now = clock.GetUtcNow();
        var checkedAt = clock.GetTimestamp();
        foreach (var caller in callers)
        {
            string? lost = null;
            string? role = null;
            if (!users.TryGetValue(caller.AtConnect.UserId, out var user)) lost = "Hub.Lost.AccountGone";
            else
            {
                role = user.Role;
                if (caller.TokenId is { } id)
                {
                    if (!tokens.TryGetValue(id, out var token)) lost = "Hub.Lost.TokenGone";
                    else if (token.RevokedAt is not null) lost = "Hub.Lost.TokenRevoked";
                    else if (token.ExpiresAt <= now) lost = "Hub.Lost.TokenExpired";
                }
                else if (caller.Stamp is { } stamp && !string.Equals(stamp, user.SecurityStamp, StringComparison.Ordinal))
                    lost = "Hub.Lost.SignedOut";
            }
            role ??= Roles.Viewer;
            if (lost is null && caller.InEditorsGroups && role != Roles.Editor)
                lost = "Hub.Lost.NoLongerEditor";
            caller.State = new CallerState(role, lost);
            caller.CheckedAt = checkedAt;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Hub connection {ConnectionId} of {UserId} closed: {Reason}")]
    private static partial void LogAborted(ILogger logger, string connectionId, string userId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Re-checking the hub's open connections failed; trying again shortly")]
    private static partial void LogCheckFailed(ILogger logger, Exception ex);
}
