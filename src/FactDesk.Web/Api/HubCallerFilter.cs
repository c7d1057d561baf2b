using FactDesk.Web.Realtime;
using FactDesk.Web.Localization;
using Microsoft.AspNetCore.SignalR;

namespace FactDesk.Web.Api;

/// <summary>
/// Puts <see cref="HubCallerGuard"/> in front of every hub call: a caller whose token or account is gone gets a
/// HubException saying so; every other call runs as the caller's current role (<see cref="ReviewHub"/> reads it), and
/// a write by a caller whose role no longer allows writing is refused with a HubException naming the change.
/// </summary>
internal sealed class HubCallerFilter(HubCallerGuard guard) : IHubFilter
{
    private static readonly HashSet<string> Reads = new(StringComparer.Ordinal)
    {
        nameof(ReviewHub.JoinArticle), nameof(ReviewHub.LeaveArticle), nameof(ReviewHub.Focus), nameof(ReviewHub.Typing),
    };

    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        var context = invocationContext.Context;
        if (await guard.CurrentAsync(context, context.ConnectionAborted) is { } current)
        {
            if (current.State.Lost is { } lost) throw new HubException(Say.Text(lost));
            var (actor, _) = current;
            if (!Reads.Contains(invocationContext.HubMethodName) && !actor.CanAnnotate && Actor.From(context.User) is { CanAnnotate: true })
                throw new HubException(Say.Text("Hub.ReadOnlyNow", actor.Name, TextIn.Format<Resources.SharedText>(System.Globalization.CultureInfo.CurrentUICulture, "Role." + actor.Role)));
            context.Items[HubCallerGuard.ActorKey] = actor;
            if (invocationContext.HubMethodName == nameof(ReviewHub.JoinArticle)) guard.JoinedAs(context, actor);
        }
        return await next(invocationContext);
    }

    public Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        guard.Connected(context.Context);
        return next(context);
    }

    public Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        guard.Disconnected(context.Context.ConnectionId);
        return next(context, exception);
    }
}
