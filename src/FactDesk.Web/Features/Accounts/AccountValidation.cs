using System.Globalization;
using System.Resources;
using FactDesk.Web.Resources;

namespace FactDesk.Web.Features.Accounts;

/// <summary>
/// The sign-in and sign-up forms' validation messages, in the request's language. Validation attributes take a
/// resource type with static properties, not an IStringLocalizer; these read the same AccountText resources.
/// </summary>
public static class AccountValidation
{
    private static readonly ResourceManager Resources = new(typeof(AccountText).FullName!, typeof(AccountText).Assembly);

    private static string Get(string key) => Resources.GetString(key, CultureInfo.CurrentUICulture) ?? key;

    public static string EnterEmail => Get("Validation.EnterEmail");
    public static string NotAnEmail => Get("Validation.NotAnEmail");
    public static string EnterPassword => Get("Validation.EnterPassword");
    public static string NameTooLong => Get("Validation.NameTooLong");
    public static string ChoosePassword => Get("Validation.ChoosePassword");
    public static string PasswordShort => Get("Validation.PasswordShort");
}
