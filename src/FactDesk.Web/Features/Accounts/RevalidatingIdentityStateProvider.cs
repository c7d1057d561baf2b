using System.Security.Claims;
using FactDesk.Web.Data;
using FactDesk.Web.Features.Review;
using FactDesk.Web.Features.Review.Reading;
using FactDesk.Web.Features.Review.Writing;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace FactDesk.Web.Features.Accounts;

/// <summary>
/// A circuit lives for hours. Every few seconds this re-reads the person: a changed role (or name) gives the circuit a
/// fresh principal, so open pages gain or lose rights live, without a sign-out; a removed account, or a new security
/// stamp (password change, sign-out everywhere), signs the circuit out.
/// </summary>
internal sealed partial class RevalidatingIdentityStateProvider : ServerAuthenticationStateProvider, IDisposable
{
    /// <summary>How soon a role change reaches an open page.</summary>
    internal static TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(3);

    private readonly IServiceScopeFactory _scopeFactory;
    private readonly IOptions<IdentityOptions> _options;
    private readonly ILogger<RevalidatingIdentityStateProvider> _logger;
    private CancellationTokenSource? _loop;

    public RevalidatingIdentityStateProvider(IServiceScopeFactory scopeFactory, IOptions<IdentityOptions> options, ILogger<RevalidatingIdentityStateProvider> logger)
    {
        _scopeFactory = scopeFactory;
        _options = options;
        _logger = logger;
        AuthenticationStateChanged += Follow;
    }

    private void Follow(Task<AuthenticationState> state)
    {
        _loop?.Cancel();
        var loop = _loop = new CancellationTokenSource();
        _ = RevalidateLoopAsync(state, loop.Token);
    }

    private async Task RevalidateLoopAsync(Task<AuthenticationState> stateTask, CancellationToken ct)
    {
        AuthenticationState state;
        try
        {
            state = await stateTask;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogFailed(_logger, ex);
            return;
        }
        if (state.User.Identity?.IsAuthenticated != true) return;
        using var timer = new PeriodicTimer(Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                AuthenticationState? next;
                try
                {
                    next = await CheckAsync(state, ct);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // A database outage keeps the page as it is; the next tick asks again.
                    LogFailed(_logger, ex);
                    continue;
                }
                if (next is null) continue;
                // Setting the state raises AuthenticationStateChanged, which starts a new loop for the new principal.
                SetAuthenticationState(Task.FromResult(next));
                return;
            }
        }
        catch (OperationCanceledException)
        {
            // A newer state took over, or the circuit ended.
        }
    }

    /// <summary>A new state when the person changed (role, name, account removed, stamp renewed); null when nothing did.</summary>
    private async Task<AuthenticationState?> CheckAsync(AuthenticationState state, CancellationToken ct)
    {
        await using var scope = _scopeFactory.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = await users.GetUserAsync(state.User);
        if (user is null) return new AuthenticationState(new ClaimsPrincipal(new ClaimsIdentity()));
        if (users.SupportsUserSecurityStamp
            && state.User.FindFirstValue(_options.Value.ClaimsIdentity.SecurityStampClaimType) != await users.GetSecurityStampAsync(user))
            return new AuthenticationState(new ClaimsPrincipal(new ClaimsIdentity()));
        var roles = await users.GetRolesAsync(user);
        var had = state.User.FindAll(_options.Value.ClaimsIdentity.RoleClaimType).Select(c => c.Value).Order().ToList();
        var name = state.User.FindFirstValue(FactDeskClaimTypes.DisplayName);
        if (had.SequenceEqual(roles.Order()) && name == user.DisplayName) return null;
        var factory = scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<AppUser>>();
        var principal = await factory.CreateAsync(user);
        LogRefreshed(_logger, user.Id, string.Join(",", roles));
        return new AuthenticationState(principal);
    }

    public void Dispose()
    {
        AuthenticationStateChanged -= Follow;
        _loop?.Cancel();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Open pages of {UserId} now have the roles {Roles}")]
    private static partial void LogRefreshed(ILogger logger, string userId, string roles);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The account of an open page could not be re-checked")]
    private static partial void LogFailed(ILogger logger, Exception ex);
}
