using System.Globalization;
using FactDesk.Web.Resources;

namespace FactDesk.Web.Localization;

/// <summary>
/// A service's sentence to a person (a refusal, a warning) from Resources/MessageText, in the language of the page or
/// request that asked (a circuit and a request both carry their culture), with numbers in its format. Services are
/// shared by pages, the hub and the API, so they take no localizer of their own: the culture of the call decides.
/// </summary>
public static class Say
{
    /// <summary>The sentence <paramref name="key"/> in the current UI culture, its numbers in the current culture.</summary>
    public static string Text(string key, params object?[] arguments) =>
        TextIn.Format<MessageText>(CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture, key, arguments);
}
