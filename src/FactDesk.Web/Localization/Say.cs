using System.Globalization;
using FactDesk.Core.Hygiene;
using FactDesk.Core.Import;
using FactDesk.Core.Text;
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

    /// <summary>
    /// What Core reports as a code and arguments (a refused fact-check, an unreadable annotation file or claim model) as
    /// a sentence in the reader's language: the key <see cref="Reason.Code"/>, each argument that is itself a reason
    /// worded first.
    /// </summary>
    public static string Text(Reason reason)
    {
        ArgumentNullException.ThrowIfNull(reason);
        var key = reason.IsCounted ? reason.Code + "." + Plurals.FormOf(Convert.ToInt32(reason.Arguments[0], CultureInfo.InvariantCulture), CultureInfo.CurrentUICulture) : reason.Code;
        return Text(key, [.. reason.Arguments.Select(a => a is Reason phrase ? Text(phrase) : a)]);
    }

    /// <summary>An import's refusal as the reader reads it: Core's reason worded, or the Web layer's own sentence as it came.</summary>
    public static string Text(ImportException refusal)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        return refusal.Reason is { } reason ? Text(reason) : refusal.Message;
    }

    /// <summary>
    /// Core's finding about a typed text as a sentence in the reader's language: "The title holds an invisible NUL
    /// character (U+0000) at character 4; …" / "Поле «назва» містить невидимий символ NUL (U+0000) на позиції 4; …".
    /// </summary>
    public static string Unclean(UncleanText unclean)
    {
        ArgumentNullException.ThrowIfNull(unclean);
        var character = Text("Hygiene." + unclean.Forbidden.Kind, unclean.Forbidden.CodePoint);
        return Text("Hygiene.Refused", Text("Field." + unclean.Field), character, unclean.Forbidden.Position);
    }

    /// <summary>The refusal of an address with a user name or password in it (see <see cref="UrlHygiene"/>).</summary>
    public static string CredentialsInAddress() => Text("Hygiene.UrlCredentials");
}
