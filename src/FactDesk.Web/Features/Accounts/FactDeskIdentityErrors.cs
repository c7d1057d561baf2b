using FactDesk.Web.Localization;
using Microsoft.AspNetCore.Identity;

namespace FactDesk.Web.Features.Accounts;

/// <summary>
/// ASP.NET Core Identity's refusals that reach a person (sign-up, password change, adding someone) in the language of
/// the page or request, from Resources/MessageText; the English is Identity's own wording. The others keep Identity's.
/// </summary>
public sealed class FactDeskIdentityErrors : IdentityErrorDescriber
{
    public override IdentityError PasswordTooShort(int length) => Error(nameof(PasswordTooShort), "Identity.PasswordTooShort", length);

    public override IdentityError PasswordMismatch() => Error(nameof(PasswordMismatch), "Identity.PasswordMismatch");

    public override IdentityError DuplicateUserName(string userName) => Error(nameof(DuplicateUserName), "Identity.DuplicateUserName", userName);

    public override IdentityError DuplicateEmail(string email) => Error(nameof(DuplicateEmail), "Identity.DuplicateEmail", email);

    public override IdentityError InvalidEmail(string? email) => Error(nameof(InvalidEmail), "Identity.InvalidEmail", email ?? "");

    public override IdentityError InvalidUserName(string? userName) => Error(nameof(InvalidUserName), "Identity.InvalidUserName", userName ?? "");

    public override IdentityError DefaultError() => Error(nameof(DefaultError), "Identity.DefaultError");

    private static IdentityError Error(string code, string key, params object?[] arguments) => new() { Code = code, Description = Say.Text(key, arguments) };
}
