using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using FactDesk.Core.Text;
using FactDesk.Core.Verdicts;
using FactDesk.Web.Localization;
using FactDesk.Web.Resources;

namespace FactDesk.Web.Features.Sessions;

/// <summary>
/// The corrections log's line of what changed, stored as a <see cref="Reason"/> (its code and arguments, as JSON in
/// <see cref="Data.Correction.What"/>) so that each reader gets it in their own language: the session page, the API's
/// corrections and the reports word it when they show it. Verdicts are stored by key and shown with the scale's label in
/// the reader's language, states by name. Entries written before were English sentences; they are shown as written.
/// </summary>
public static class CorrectionText
{
    // Old entries are sentences ("annotation import: …", "revision 3: …", "verdict: “…” → “…”"); none starts with this.
    private const string Marker = "{\"reason\":";

    /// <summary>Each quoted value is cut to this many characters, so that a line of several changes fits its column (2,000).</summary>
    public const int MaxValueLength = 300;

    /// <summary>Codes <see cref="Show"/> words itself: a list of changes, a verdict by key, a state by name.</summary>
    public const string Changes = "Correction.Changes", Verdict = "Correction.Verdict", State = "Correction.State", None = "Correction.None";

    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>A verdict by its key (null: none), shown with the scale's label in the reader's language.</summary>
    public static Reason VerdictOf(string? key) => key is null ? Reason.Of(None) : Reason.Of(Verdict, key);

    /// <summary>A workflow state, shown as the reader's language names it.</summary>
    public static Reason StateOf(WorkflowState state) => Reason.Of(State, state.ToString());

    /// <summary>A value quoted as it was (a conclusion, a claimant, a name), cut to <see cref="MaxValueLength"/>; null: none.</summary>
    public static object ValueOf(string? value) =>
        value is null ? Reason.Of(None) : value.Length > MaxValueLength ? value[..MaxValueLength] + "…" : value;

    /// <summary>What to store in <see cref="Data.Correction.What"/>.</summary>
    public static string Store(Reason what) => new JsonObject { ["reason"] = ToNode(what) }.ToJsonString(Json);

    /// <summary>
    /// The stored line in the current UI culture (numbers in the current culture); a line stored as a sentence, before
    /// lines were stored as reasons, as it was written.
    /// </summary>
    public static string Show(string stored, VerdictScale scale)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(scale);
        return Read(stored) is { } reason ? Word(reason, scale) : stored;
    }

    /// <summary>The reason stored in <paramref name="stored"/>, or null when it is a sentence (or not a reason FactDesk wrote).</summary>
    public static Reason? Read(string stored)
    {
        if (!stored.StartsWith(Marker, StringComparison.Ordinal)) return null;
        try
        {
            return JsonNode.Parse(stored)?["reason"] is JsonObject node ? FromNode(node) : null;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    private static string Word(Reason reason, VerdictScale scale)
    {
        switch (reason.Code)
        {
            case Changes:
                return string.Join("; ", reason.Arguments.Select(a => a is Reason part ? Word(part, scale) : Convert.ToString(a, CultureInfo.CurrentCulture)));
            case Verdict:
                var key = Convert.ToString(reason.Arguments.FirstOrDefault(), CultureInfo.InvariantCulture) ?? "";
                return scale.Find(key)?.LabelIn(CultureInfo.CurrentUICulture.Name) ?? key;
            case State:
                return TextIn.Format<SharedText>(CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture, "State." + reason.Arguments.FirstOrDefault());
            default:
                object?[] arguments = [.. reason.Arguments.Select(a => a is Reason phrase ? Word(phrase, scale) : a)];
                return Say.Text(new Reason(reason.Code, arguments) { IsCounted = reason.IsCounted });
        }
    }

    private static JsonObject ToNode(Reason reason)
    {
        var arguments = new JsonArray();
        foreach (var a in reason.Arguments) arguments.Add(ToNode(a));
        var node = new JsonObject { ["code"] = reason.Code, ["args"] = arguments };
        if (reason.IsCounted) node["counted"] = true;
        return node;
    }

    private static JsonNode? ToNode(object? argument) => argument switch
    {
        null => null,
        Reason phrase => ToNode(phrase),
        string s => JsonValue.Create(s),
        int i => JsonValue.Create(i),
        long l => JsonValue.Create(l),
        double d => JsonValue.Create(d),
        _ => JsonValue.Create(Convert.ToString(argument, CultureInfo.InvariantCulture)),
    };

    private static Reason FromNode(JsonObject node)
    {
        var code = node["code"]?.GetValue<string>() ?? throw new FormatException("A stored reason has no code.");
        var arguments = new List<object?>();
        foreach (var a in node["args"] as JsonArray ?? new JsonArray())
            arguments.Add(a switch
            {
                null => null,
                JsonObject phrase => FromNode(phrase),
                JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
                JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.TryGetValue<long>(out var l) ? (object)l : v.GetValue<double>(),
                _ => a.ToJsonString(),
            });
        return new Reason(code, arguments) { IsCounted = node["counted"]?.GetValue<bool>() == true };
    }
}
