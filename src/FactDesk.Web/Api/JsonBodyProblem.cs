using System.Collections;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using FactDesk.Web.Localization;

namespace FactDesk.Web.Api;

/// <summary>
/// Why a JSON request body could not be read, in FactDesk's words in the request's language: where the problem is (line
/// and byte, from the parser) and, for a value of the wrong kind, which property and what it takes (from the type the body
/// is read as). System.Text.Json's own message is English and names .NET types; it goes to the server log only.
/// </summary>
internal static partial class JsonBodyProblem
{
    /// <summary>The sentence for <paramref name="error"/>, thrown while reading a body as <paramref name="target"/>.</summary>
    public static string Describe(Type target, JsonException error)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(error);
        var line = (error.LineNumber ?? 0) + 1;
        var position = (error.BytePositionInLine ?? 0) + 1;
        // The reader's own exception (broken JSON) comes wrapped; a value the type cannot take comes on its own, or
        // wrapping the converter's (FormatException, InvalidOperationException).
        if (error.InnerException is JsonException || error.Path is null) return Say.Text("Problem.JsonUnreadable", line, position);
        if (error.Path == "$")
            return Kind(target) is { } whole ? Say.Text("Problem.JsonRootKind", Say.Text(whole)) : Say.Text("Problem.JsonUnreadable", line, position);
        var path = error.Path.StartsWith("$.", StringComparison.Ordinal) ? error.Path[2..] : error.Path.TrimStart('$');
        return Kind(TypeAt(target, error.Path)) is { } kind
            ? Say.Text("Problem.JsonWrongKind", path, line, position, Say.Text(kind))
            : Say.Text("Problem.JsonValueRefused", path, line, position);
    }

    /// <summary>The resource key of what a property of <paramref name="type"/> takes, or null when it is not one of the plain kinds.</summary>
    internal static string? Kind(Type? type)
    {
        if (type is null) return null;
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string)) return "Problem.JsonKind.Text";
        if (type == typeof(bool)) return "Problem.JsonKind.Boolean";
        if (type == typeof(int) || type == typeof(long) || type == typeof(short) || type == typeof(byte)) return "Problem.JsonKind.WholeNumber";
        if (type == typeof(double) || type == typeof(float) || type == typeof(decimal)) return "Problem.JsonKind.Number";
        if (type == typeof(DateTimeOffset) || type == typeof(DateTime)) return "Problem.JsonKind.Time";
        if (type == typeof(DateOnly)) return "Problem.JsonKind.Date";
        if (type.IsEnum || type == typeof(JsonElement)) return null;
        if (ElementType(type) is not null) return "Problem.JsonKind.List";
        return type.IsClass || (type.IsValueType && !type.IsPrimitive) ? "Problem.JsonKind.Object" : null;
    }

    /// <summary>The type of the value at <paramref name="path"/> ("$.items[0].name") in a body read as <paramref name="root"/>.</summary>
    internal static Type? TypeAt(Type root, string path)
    {
        Type? current = root;
        foreach (Match segment in Segment().Matches(path))
        {
            if (current is null) return null;
            current = Nullable.GetUnderlyingType(current) ?? current;
            if (segment.Groups["index"].Success)
            {
                current = ElementType(current);
                continue;
            }
            var name = segment.Groups["name"].Success ? segment.Groups["name"].Value : segment.Groups["quoted"].Value.Replace("''", "'", StringComparison.Ordinal);
            current = current.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .FirstOrDefault(p => string.Equals(p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? p.Name, name, StringComparison.OrdinalIgnoreCase))?.PropertyType;
        }
        return current;
    }

    private static Type? ElementType(Type type)
    {
        if (type == typeof(string)) return null;
        if (type.IsArray) return type.GetElementType();
        if (!typeof(IEnumerable).IsAssignableFrom(type)) return null;
        return type.GetInterfaces().Append(type).FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];
    }

    [GeneratedRegex(@"\.(?<name>[^.\[]+)|\['(?<quoted>(?:[^']|'')*)'\]|\[(?<index>\d+)\]")]
    private static partial Regex Segment();
}
