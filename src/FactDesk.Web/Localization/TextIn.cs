using System.Collections.Concurrent;
using System.Globalization;
using System.Resources;

namespace FactDesk.Web.Localization;

/// <summary>
/// A resource string in a culture named by the caller, not the current one: text written for someone else, such as a
/// notification stored for its recipient in the language their account chose.
/// </summary>
public static class TextIn
{
    private static readonly ConcurrentDictionary<Type, ResourceManager> Managers = new();

    /// <summary>The value of <paramref name="key"/> in <typeparamref name="T"/>'s resources for <paramref name="culture"/>, formatted with its numbers and dates.</summary>
    public static string Format<T>(CultureInfo culture, string key, params object?[] arguments) => Format<T>(culture, culture, key, arguments);

    /// <summary>
    /// The value of <paramref name="key"/> in <paramref name="language"/>, its numbers and dates in <paramref name="format"/>
    /// (a request or circuit carries both, and a person may read one language with another's number format). Without
    /// arguments the value is returned as written, so a sentence with a brace in it needs no escaping.
    /// </summary>
    public static string Format<T>(CultureInfo language, CultureInfo format, string key, params object?[] arguments)
    {
        var manager = Managers.GetOrAdd(typeof(T), t => new ResourceManager(t.FullName!, t.Assembly));
        var pattern = manager.GetString(key, language) ?? key;
        return arguments.Length == 0 ? pattern : string.Format(format, pattern, arguments);
    }

    /// <summary>The culture of an account's choice ("uk"), or English when it made none.</summary>
    public static CultureInfo CultureOf(string? choice) => CultureInfo.GetCultureInfo(Cultures.Normalize(choice) ?? Cultures.English);
}
