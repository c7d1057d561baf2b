using System.Globalization;

namespace FactDesk.Core.Text;

/// <summary>
/// What Core has to tell a person (why a file or an item was refused), as a code and its arguments, never as a
/// sentence: the Web layer words it in the reader's language (the key <see cref="Code"/> of Resources/MessageText),
/// as it words <see cref="Hygiene.UncleanText"/>. An argument that is itself a <see cref="Reason"/> is a phrase worded
/// the same way ("annotation 3", "a list").
/// </summary>
/// <param name="Code">A stable name for what happened ("FactCheckFile.NoClaim"); the Web layer's resource key.</param>
/// <param name="Arguments">What fills the sentence, in order: numbers, quoted values, addresses, or phrases.</param>
public sealed record Reason(string Code, IReadOnlyList<object?> Arguments)
{
    /// <summary>A reason with its arguments.</summary>
    public static Reason Of(string code, params object?[] arguments) => new(code, arguments);

    /// <summary>For logs and test output only: "FactCheckFile.NoClaim()", "AnnotationFile.NotJson(3, 14)".</summary>
    public override string ToString() =>
        $"{Code}({string.Join(", ", Arguments.Select(a => Convert.ToString(a, CultureInfo.InvariantCulture)))})";
}
