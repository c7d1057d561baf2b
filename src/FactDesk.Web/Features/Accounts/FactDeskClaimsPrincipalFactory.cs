using System.Security.Claims;
using FactDesk.Web.Data;
using FactDesk.Web.Features.Review;
using FactDesk.Web.Features.Review.Reading;
using FactDesk.Web.Features.Review.Writing;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace FactDesk.Web.Features.Accounts;

/// <summary>
/// Adds the display name, so every change can record its author by name without another query, and the chosen
/// interface language, so each request picks it without one (Localization/AccountCultureProvider), and whether the
/// account must change its password first (<see cref="PasswordChangeGate"/>).
/// </summary>
public sealed class FactDeskClaimsPrincipalFactory(UserManager<AppUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<AppUser, IdentityRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new System.Security.Claims.Claim(FactDeskClaimTypes.DisplayName, user.DisplayName));
        if (Localization.Cultures.Normalize(user.Culture) is { } culture) identity.AddClaim(new System.Security.Claims.Claim(FactDeskClaimTypes.Culture, culture));
        if (user.MustChangePassword) identity.AddClaim(new System.Security.Claims.Claim(FactDeskClaimTypes.MustChangePassword, "true"));
        return identity;
    }
}
