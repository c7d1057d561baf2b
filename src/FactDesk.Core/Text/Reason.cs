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

    /// <summary>
    /// A reason whose sentence agrees with a number ("40 links", "40 посилань", "2 посилання"): the count is the first
    /// argument, and the Web layer picks the sentence's form by it (the keys Code.One, Code.Few and Code.Many).
    /// </summary>
    public static Reason Counted(string code, long count, params object?[] more) => new(code, [count, .. more]) { IsCounted = true };

    /// <summary>The first argument is a count the sentence agrees with (see <see cref="Counted"/>).</summary>
    public bool IsCounted { get; init; }

    /// <summary>Two reasons are the same when they say the same: the same code, the same arguments in order, counted alike.</summary>
    public bool Equals(Reason? other) =>
        other is not null && Code == other.Code && IsCounted == other.IsCounted && Arguments.SequenceEqual(other.Arguments);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Code);
        hash.Add(IsCounted);
        foreach (var a in Arguments) hash.Add(a);
        return hash.ToHashCode();
    }

    /// <summary>For logs and test output only: "FactCheckFile.NoClaim()", "AnnotationFile.NotJson(3, 14)".</summary>
    public override string ToString() =>
        $"{Code}({string.Join(", ", Arguments.Select(a => Convert.ToString(a, CultureInfo.InvariantCulture)))})";
}
