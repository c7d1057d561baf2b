using System.Globalization;
using System.Resources;
using FactDesk.Web.Resources;

namespace FactDesk.Web.Localization;

/// <summary>
/// A service's sentence to a person (a refusal, a warning) from Resources/MessageText, in the language of the page or
/// request that asked (a circuit and a request both carry their culture), with numbers in its format. Services are
/// shared by pages, the hub and the API, so they take no localizer of their own: the culture of the call decides.
/// </summary>
public static class Say
{
    private static readonly ResourceManager Messages = new(typeof(MessageText).FullName!, typeof(MessageText).Assembly);

    public static string Text(string key, params object?[] arguments)
    {
        var pattern = Messages.GetString(key, CultureInfo.CurrentUICulture) ?? key;
        return arguments.Length == 0 ? pattern : string.Format(CultureInfo.CurrentCulture, pattern, arguments);
    }
}
