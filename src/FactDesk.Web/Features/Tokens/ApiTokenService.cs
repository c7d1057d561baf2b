using System.Security.Claims;
using System.Security.Cryptography;
using FactDesk.Web.Data;
using FactDesk.Web.Features.Accounts;
using FactDesk.Web.Features.Review;
using FactDesk.Web.Features.Review.Reading;
using FactDesk.Web.Features.Review.Writing;
using FactDesk.Web.Localization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace FactDesk.Web.Features.Tokens;

public sealed record ApiTokenRow(int Id, string Name, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? RevokedAt, DateTimeOffset? LastUsedAt)
{
    public bool IsActive(DateTimeOffset now) => RevokedAt is null && (ExpiresAt is null || ExpiresAt > now);
}

public sealed record CreatedToken(string Token, ApiTokenRow Row);

/// <summary>Personal API tokens: shown once, stored as a SHA-256 hash, revocable, optionally expiring.</summary>
public sealed class ApiTokenService(
    IDbContextFactory<FactDeskDbContext> dbFactory,
    IUserClaimsPrincipalFactory<AppUser> principals,
    UserManager<AppUser> users,
    TimeProvider clock,
    ILogger<ApiTokenService> logger)
{
    public const string TokenPrefix = "fdk_";

    public Task<WriteResult<CreatedToken>> CreateAsync(string userId, string? name, int? expiresInDays, CancellationToken cancellationToken) =>
        WriteResult.GuardAsync(logger, () => CreateCoreAsync(userId, name, expiresInDays, cancellationToken));

    private async Task<WriteResult<CreatedToken>> CreateCoreAsync(string userId, string? name, int? expiresInDays, CancellationToken cancellationToken)
    {
        name = string.IsNullOrWhiteSpace(name) ? Say.Text("Token.DefaultName") : name.Trim();
        if (name.Length > 100) return WriteResult<CreatedToken>.Invalid(Say.Text("Token.NameLong"));
        if (FactDesk.Core.Hygiene.TextHygiene.Check(name, Fields.TokenName, FactDesk.Core.Hygiene.TextKind.Line) is { } unclean) return WriteResult<CreatedToken>.Invalid(Say.Unclean(unclean));
        if (expiresInDays is < 1 or > 3650) return WriteResult<CreatedToken>.Invalid(Say.Text("Token.Expiry"));
        var token = TokenPrefix + Base64Url(RandomNumberGenerator.GetBytes(32));
        var now = clock.GetUtcNow();
        var entity = new ApiToken
        {
            UserId = userId, Name = name, Prefix = token[..10], Hash = TokenHashing.Hash(token), CreatedAt = now,
            ExpiresAt = expiresInDays is { } days ? now.AddDays(days) : null,
        };
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.ApiTokens.Add(entity);
        await db.SaveChangesAsync(cancellationToken);
        return WriteResult<CreatedToken>.Success(new CreatedToken(token, ToRow(entity)));
    }

    public async Task<IReadOnlyList<ApiTokenRow>> ListAsync(string userId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.ApiTokens.AsNoTracking().Where(t => t.UserId == userId).OrderByDescending(t => t.Id).ToListAsync(cancellationToken);
        return rows.Select(ToRow).ToList();
    }

    public Task<WriteResult<bool>> RevokeAsync(string userId, int tokenId, CancellationToken cancellationToken) =>
        WriteResult.GuardAsync(logger, async () =>
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var changed = await db.ApiTokens.Where(t => t.Id == tokenId && t.UserId == userId && t.RevokedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, clock.GetUtcNow()), cancellationToken);
            return changed > 0 ? WriteResult<bool>.Success(true) : WriteResult<bool>.NotFound(Say.Text("Token.NoneWithId"));
        });

    /// <summary>
    /// The principal a bearer token stands for, or why it is refused: a key of Resources/MessageText (<c>Token.Unknown</c>, …),
    /// worded when the challenge is answered, since authentication runs before the request's language is known.
    /// </summary>
    public async Task<(ClaimsPrincipal? Principal, string? Failure)> AuthenticateAsync(string token, CancellationToken cancellationToken)
    {
        if (!token.StartsWith(TokenPrefix, StringComparison.Ordinal)) return (null, "Token.NotFactDesk");
        var hash = TokenHashing.Hash(token);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.ApiTokens.FirstOrDefaultAsync(t => t.Hash == hash, cancellationToken);
        var now = clock.GetUtcNow();
        if (row is null) return (null, "Token.Unknown");
        if (row.RevokedAt is not null) return (null, "Token.Revoked");
        if (row.ExpiresAt <= now) return (null, "Token.Expired");
        var user = await users.FindByIdAsync(row.UserId);
        if (user is null) return (null, "Token.NoAccount");
        if (row.LastUsedAt is null || now - row.LastUsedAt > TimeSpan.FromMinutes(1))
        {
            // Coarse on purpose: one write a minute per token, not one per request.
            await db.ApiTokens.Where(t => t.Id == row.Id).ExecuteUpdateAsync(s => s.SetProperty(t => t.LastUsedAt, now), cancellationToken);
        }
        var principal = await principals.CreateAsync(user);
        (principal.Identity as ClaimsIdentity)?.AddClaim(new System.Security.Claims.Claim(FactDeskClaimTypes.TokenId, row.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return (principal, null);
    }

    private static ApiTokenRow ToRow(ApiToken t) => new(t.Id, t.Name, t.Prefix, t.CreatedAt, t.ExpiresAt, t.RevokedAt, t.LastUsedAt);

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
