using System.Threading.RateLimiting;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace FactDesk.Web.Security;

/// <summary>
/// Limits password guessing per account without letting a stranger lock its owner out. Failed sign-ins (page or
/// Basic auth for a token) are counted per account name — existing or not, so the answer never tells which exist —
/// and past <see cref="SecurityOptions.FailedSignInsPerAccount"/> in five minutes further attempts wait. A browser that
/// signed in to the account before carries a device cookie (data-protected, per account) and is never held back by
/// the account's count, so an Editor under attack still signs in from their own browser (the approach of OWASP's
/// "device cookies"). The per-address limit is ASP.NET Core's rate limiter (policy <see cref="Policy"/>).
/// </summary>
public sealed class SignInThrottle(IOptions<SecurityOptions> options, IDataProtectionProvider protection, TimeProvider clock) : IDisposable
{
    public const string Policy = "sign-in";
    public const string DeviceCookie = "factdesk.device";
    private readonly IDataProtector _protector = protection.CreateProtector("FactDesk.SignIn.Device");

    private readonly PartitionedRateLimiter<string> _failures = PartitionedRateLimiter.Create<string, string>(account =>
        RateLimitPartition.GetFixedWindowLimiter(account, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = options.Value.FailedSignInsPerAccount,
            Window = TimeSpan.FromMinutes(5),
            QueueLimit = 0,
        }));

    /// <summary>True when an attempt on <paramref name="account"/> may go ahead now.</summary>
    public bool MayTry(string account, HttpContext? context)
    {
        var key = Key(account);
        if (context is not null && IsKnownDevice(context, key)) return true;
        using var lease = _failures.AttemptAcquire(key, 0);
        return lease.IsAcquired;
    }

    /// <summary>Counts a wrong password for <paramref name="account"/>.</summary>
    public void Failed(string account)
    {
        using var _ = _failures.AttemptAcquire(Key(account), 1);
    }

    /// <summary>Remembers this browser for the account (after a correct password), for a year.</summary>
    public void Succeeded(string account, HttpContext context)
    {
        var key = Key(account);
        var known = ReadDevices(context);
        if (!known.Contains(key)) known.Add(key);
        var value = _protector.Protect(string.Join('\n', known.TakeLast(5)));
        context.Response.Cookies.Append(DeviceCookie, value, new CookieOptions
        {
            HttpOnly = true,
            Secure = context.Request.IsHttps,
            SameSite = SameSiteMode.Strict,
            Expires = clock.GetUtcNow().AddYears(1),
            IsEssential = true,
            Path = "/account",
        });
    }

    private bool IsKnownDevice(HttpContext context, string key) => ReadDevices(context).Contains(key);

    private List<string> ReadDevices(HttpContext context)
    {
        if (!context.Request.Cookies.TryGetValue(DeviceCookie, out var value) || string.IsNullOrEmpty(value)) return [];
        try
        {
            return [.. _protector.Unprotect(value).Split('\n', StringSplitOptions.RemoveEmptyEntries)];
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return [];
        }
    }

    private static string Key(string account) => account.Trim().ToUpperInvariant();

    public void Dispose() => _failures.Dispose();
}
