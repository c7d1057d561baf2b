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
    public static string Format<T>(CultureInfo culture, string key, params object[] arguments)
    {
        var manager = Managers.GetOrAdd(typeof(T), t => new ResourceManager(t.FullName!, t.Assembly));
        var pattern = manager.GetString(key, culture) ?? key;
        return string.Format(culture, pattern, arguments);
    }

    /// <summary>The culture of an account's choice ("uk"), or English when it made none.</summary>
    public static CultureInfo CultureOf(string? choice) => CultureInfo.GetCultureInfo(Cultures.Normalize(choice) ?? Cultures.English);
}
